/**
 * Personal-data rights (issue 27, SPEC 3.15, law 2013-450): a person's data as a ZIP, rectification and erasure
 * requests, retention jobs, and the register of processing activities, all read from the modules' own personal-data
 * declarations (./registry.ts).
 */
import { createHmac } from 'node:crypto';
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { personalDataZip } from './export-zip.js';
import { personalDataRegistry } from './registry.js';
import { runRetention } from './retention.js';
import { privacyRoutes } from './routes.js';

export const privacyModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const now = options.testClock?.now ?? (() => new Date());
    const documents = (app as { documents?: typeof app.documents }).documents;
    const deps = {
      db: options.db,
      notifications: app.notifications.service,
      kyc: app.platform.documents,
      store: documents?.store,
      // A key of its own, derived from the master key: pseudonyms cannot be recomputed without it.
      pseudonymKey: createHmac('sha256', options.masterKey.bytes).update('ismail:privacy-pseudonym').digest(),
      now,
      link: '/portail/mes-donnees',
    };
    documents?.exportJobs.register<Record<string, never>>({
      kind: 'privacy.data_export',
      documentKind: 'data_export',
      run: async (context) => ({
        filename: `mes-donnees-ismail-${now().toISOString().slice(0, 10)}.zip`,
        contentType: 'application/zip',
        body: personalDataZip({
          db: options.db,
          registry: personalDataRegistry,
          kyc: app.platform.documents,
          store: documents.store,
          accountId: context.accountId,
          now: now(),
          progress: (n) => context.progress(n),
        }),
      }),
    });
    await app.register(privacyRoutes(options.db, deps, documents?.exportJobs));
    app.jobs.declare({
      name: 'privacy.retention',
      // Daily; every 5 s under a test clock so that browser tests see it act when they move the clock.
      everyMs: options.testClock === undefined ? 86_400_000 : 5_000,
      timeoutMs: 600_000,
      run: () => runRetention(options.db, app.platform.documents, now()),
    });
  },
  { name: 'privacy', dependencies: ['identity', 'notifications', 'documents'] },
);
