/**
 * GET /health: 200 when the cloud can serve, 503 when the database does not answer.
 * Load balancers and `npm start` poll it; it must stay cheap and never need sign-in.
 */
import type { FastifyInstance } from 'fastify';
import {
  ErrorBodySchema,
  HealthReportSchema,
  healthCheckTimeoutMs,
  type HealthCheck,
  type HealthReport,
} from '@ismail/shared';
import type { Database } from '../db/database.js';
import { cloudVersion } from '../../version.js';

async function checkDatabase(db: Database): Promise<HealthCheck> {
  const startedAt = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${String(healthCheckTimeoutMs)} ms`)),
      healthCheckTimeoutMs,
    );
  });
  try {
    await Promise.race([db.pool.query('SELECT 1'), timeout]);
    return {
      name: 'database',
      ok: true,
      detail: db.kind === 'embedded' ? 'embedded PostgreSQL' : 'PostgreSQL server',
      durationMs: Math.round(performance.now() - startedAt),
    };
  } catch (error) {
    return {
      name: 'database',
      ok: false,
      detail: (error as Error).message.slice(0, 300),
      durationMs: Math.round(performance.now() - startedAt),
    };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(db: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/health',
      {
        config: { access: 'public' },
        schema: {
          tags: ['system'],
          summary: 'Health of the cloud and its database',
          operationId: 'getHealth',
          response: { 200: HealthReportSchema, 503: HealthReportSchema, '4xx': ErrorBodySchema },
        },
      },
      async (_request, reply) => {
        const checks = [await checkDatabase(db)];
        const ok = checks.every((c) => c.ok);
        const report: HealthReport = {
          status: ok ? 'ok' : 'degraded',
          service: 'cloud',
          version: cloudVersion,
          uptimeS: Math.floor(process.uptime()),
          checks,
        };
        return reply.status(ok ? 200 : 503).send(report);
      },
    );
  };
}
