/**
 * GET /health: 200 when the hub's store is open with its durability pragmas, 503 otherwise.
 * The counter app and `npm start` poll it; it never needs sign-in.
 */
import type { FastifyInstance } from 'fastify';
import { HealthReportSchema, HubErrorResponses, type HealthCheck } from '@ismail/shared';
import { readStorePragmas, type HubDatabase } from '../store/open.js';
import { hubVersion } from '../version.js';

function checkStore(db: HubDatabase): HealthCheck {
  const startedAt = performance.now();
  try {
    db.prepare('SELECT 1').get();
    const pragmas = readStorePragmas(db);
    const ok = pragmas.journalMode === 'wal' && pragmas.synchronous === 2;
    return {
      name: 'store',
      ok,
      detail: `SQLite journal_mode=${pragmas.journalMode} synchronous=${pragmas.synchronous === 2 ? 'FULL' : String(pragmas.synchronous)}`,
      durationMs: Math.round(performance.now() - startedAt),
    };
  } catch (error) {
    return {
      name: 'store',
      ok: false,
      detail: (error as Error).message.slice(0, 300),
      durationMs: Math.round(performance.now() - startedAt),
    };
  }
}

export function hubHealthRoutes(db: HubDatabase) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/health',
      { schema: { response: { 200: HealthReportSchema, 503: HealthReportSchema, ...HubErrorResponses } } },
      async (_request, reply) => {
        const checks = [checkStore(db)];
        const ok = checks.every((c) => c.ok);
        return reply.status(ok ? 200 : 503).send({
          status: ok ? 'ok' : 'degraded',
          service: 'hub',
          version: hubVersion,
          uptimeS: Math.floor(process.uptime()),
          checks,
        });
      },
    );
  };
}
