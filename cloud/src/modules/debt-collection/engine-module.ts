/**
 * Debt collection, part B (issue 26): creditors' scenarios, the reminder engine and its job, the reminders of a file,
 * the debtor's contact preferences and the signed opt-out link. Registered by index.ts in one line; decorates only
 * `app.debtEngine` (tests and the demo call `runOnce`).
 */
import type { FastifyInstance } from 'fastify';
import type { CloudAppOptions } from '../../platform/options.js';
import { DebtEngine } from './engine.js';
import { optOutLinkKey } from './opt-outs.js';
import { optOutRoutes } from './opt-out-routes.js';
import { reminderRoutes } from './reminder-routes.js';
import { scenarioRoutes } from './scenario-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    debtEngine: DebtEngine;
  }
}

/** Reminders are days apart, the contact window opens on the hour: a minute is soon enough. */
const runEveryMs = 60_000;
/** With the demo's test clock, browser tests move time and should not wait a minute for the engine to notice. */
const testClockRunEveryMs = 5_000;

export async function registerDebtEngine(
  app: FastifyInstance,
  options: CloudAppOptions,
  publicUrl: string,
): Promise<void> {
  const { db } = options;
  const now = options.testClock?.now ?? (() => new Date());
  const linkKey = optOutLinkKey(options.masterKey);
  const engine = new DebtEngine({
    db,
    notifications: app.notifications.service,
    operations: app.wallet.operations,
    channels: options.notifications?.channels ?? {},
    publicUrl,
    optOutKey: linkKey,
    now,
    onError: (error) => app.log.warn({ err: error }, 'debt reminder failed'),
  });
  app.decorate('debtEngine', engine);
  await app.register(scenarioRoutes(db));
  await app.register(reminderRoutes(db));
  await app.register(optOutRoutes(db, linkKey, now));
  app.jobs.declare({
    name: 'debt-collection.reminders',
    everyMs: options.testClock === undefined ? runEveryMs : testClockRunEveryMs,
    timeoutMs: 300_000,
    run: () => engine.runOnce(),
  });
}
