/**
 * The platform every module stands on, registered before any module: request ids, error
 * bodies, the session gate and the central deny-by-default access control, text hygiene,
 * OpenAPI (before routes, so it sees them), opt-in rate limits, the job scheduler, the
 * signing keyring and the sealed document store, and the health route.
 *
 * Stopping: `preClose` stops the scheduler and the queues first (runs in progress finish),
 * so the modules' `onClose` hooks (channels, ledger) and then the pool close after them.
 */
import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { SessionGate } from '../../modules/identity/session-gate.js';
import { kycSealedMaxBytes, kycStore } from '../../modules/kyc/documents.js';
import { fileStoreFor } from '../documents/stores.js';
import { JobQueues } from '../jobs/queues.js';
import { JobScheduler } from '../jobs/scheduler.js';
import { createKeyring } from '../keys/keyring.js';
import type { CloudAppOptions } from '../options.js';
import { registerAccessControl } from './access-plugin.js';
import { registerErrorHandling } from './errors-plugin.js';
import './fastify-augment.js';
import { healthRoutes } from './health-routes.js';
import { HubRequestAuthenticator } from './hub-auth.js';
import { registerOpenApi } from './openapi-plugin.js';
import { RateLimitCounter, sharedRateLimitStore } from './rate-limit-store.js';
import { registerTextHygiene } from './text-hygiene-plugin.js';

export async function registerPlatform(app: FastifyInstance, options: CloudAppOptions): Promise<void> {
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerErrorHandling(app);
  // One pg-boss and one scheduler for every module's background work; started by the process (server.ts), never by
  // tests that only inject.
  const queues = new JobQueues(options.db.pool, (error) => app.log.warn({ err: error }, 'job queue error'));
  const jobs = new JobScheduler(queues, app.log);
  app.decorate('jobs', jobs);
  app.addHook('preClose', async () => {
    await jobs.stop();
    await queues.stop();
  });
  const keyring = createKeyring(options.db.pool, options.masterKey);
  // The identity documents' sealed store: KYC writes it, cards read the approved photo from it.
  const documents = kycStore(
    fileStoreFor(options, { namespace: 'kyc', directory: options.kycDir, maxBytes: kycSealedMaxBytes }),
    options.masterKey,
  );
  app.decorate('platform', { db: options.db, keyring, masterKey: options.masterKey, documents, queues });
  // Before the access control that asks it: whether a token's session was ended since it was issued.
  app.decorate('sessionGate', new SessionGate(options.db.pool, options.sessions));
  // Before any route: every route must declare its access, and protected ones are checked first.
  registerAccessControl(app, keyring, {
    operatorToken: options.operatorToken,
    hubs: new HubRequestAuthenticator(options.db),
  });
  // Before any route: no text field of any route takes a control character.
  registerTextHygiene(app);
  await registerOpenApi(app);
  // Limits are opted into per route (sign-in, verification): most routes are bounded by auth. The counters live in
  // PostgreSQL, so every process behind a load balancer spends one budget (issue 29.4).
  await app.register(rateLimit, { global: false, store: sharedRateLimitStore(new RateLimitCounter(options.db.pool)) });
  await app.register(healthRoutes(options.db));
}
