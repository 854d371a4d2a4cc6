/**
 * Documents (issue 27): one sealed store for every document, signed expiring links bound to their viewer, long export
 * jobs with progress, retention per kind (contracts in platform/documents/types.ts). Decorates `app.documents`.
 */
import fp from 'fastify-plugin';
import type pg from 'pg';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { PgExportJobs, type FinishedJob } from '../../platform/documents/export-jobs.js';
import { documentLinkKey, SignedDocumentLinks } from '../../platform/documents/links.js';
import { PgDocumentStore } from '../../platform/documents/store.js';
import type { ModuleOptions } from '../../platform/options.js';
import { documentRoutes } from './routes.js';
import { eraseDueDocuments } from './retention.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The retention job's one run (tests and the demo call it instead of waiting an hour). */
    documentRetention: { runOnce(): Promise<number> };
  }
}

/** Short enough that a person waiting for a small export barely notices; each run drains the queue. */
const exportEveryMs = 2_000;
const exportRunMs = 30 * 60_000;
const retentionEveryMs = 3_600_000;
const testClockRetentionEveryMs = 5_000;

export const documentsModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const { db, masterKey } = options;
    const now = options.testClock?.now ?? (() => new Date());
    const publicUrl = options.notifications?.publicUrl ?? 'http://127.0.0.1:8080';
    const store = new PgDocumentStore({ db, masterKey, now });
    const links = new SignedDocumentLinks(documentLinkKey(masterKey), now);
    const exportJobs = new PgExportJobs({
      db,
      store,
      links,
      onDone: (client, job) => exportDone(client, job),
      onError: (error, jobId) => app.log.warn({ err: error, jobId }, 'export job failed'),
    });

    async function exportDone(client: pg.PoolClient, job: FinishedJob): Promise<void> {
      const { rows } = await client.query<{ first_name: string | null }>(
        'SELECT first_name FROM accounts WHERE id = $1',
        [job.accountId],
      );
      await app.notifications.service.emit(
        {
          type: 'export.ready',
          key: `export.ready:${job.id}`,
          recipientId: job.accountId,
          data: {
            firstName: (rows[0]?.first_name ?? '').slice(0, 100),
            what: job.label.slice(0, 200),
            link: `${publicUrl}/exports`,
          },
        },
        client,
      );
      await appendAudit(client, {
        actor: { accountId: job.accountId, label: 'job:export-jobs' },
        action: 'export.done',
        subject: { type: 'export_job', id: job.id },
        place: 'cloud',
        detail: { kind: job.kind, documentId: job.documentId },
      });
    }

    app.decorate('documents', { store, links, exportJobs });
    const retention = { runOnce: () => eraseDueDocuments(db, store, now) };
    app.decorate('documentRetention', retention);
    await app.register(documentRoutes(db, store, links, exportJobs));
    app.jobs.declare({
      name: 'documents.export-jobs',
      everyMs: exportEveryMs,
      timeoutMs: exportRunMs,
      run: () => exportJobs.runQueued(Date.now() + 60_000),
    });
    app.jobs.declare({
      name: 'documents.retention',
      everyMs: options.testClock === undefined ? retentionEveryMs : testClockRetentionEveryMs,
      timeoutMs: 600_000,
      run: () => retention.runOnce(),
    });
  },
  { name: 'documents', dependencies: ['identity', 'notifications'] },
);
