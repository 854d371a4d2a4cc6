/**
 * POST /v1/operator/test-clock: moves a demo cloud's test clock forward (ISMAIL_TEST_CLOCK only; the route does not
 * exist otherwise). Browser tests use it instead of sleeping until an appointment has started.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { withErrors } from '../../platform/http/schemas.js';
import { testClockMaxOffsetMs, type TestClock } from '../../platform/test-clock.js';

export function testClockRoutes(db: Database, clock: TestClock) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/operator/test-clock',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: "Move a demo cloud's test clock forward (browser tests)",
          operationId: 'advanceTestClock',
          body: Type.Object(
            { advanceMs: Type.Integer({ minimum: 1, maximum: testClockMaxOffsetMs }) },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({ now: Type.String({ format: 'date-time' }), offsetMs: Type.Integer() }),
          }),
        },
      },
      async (request) => {
        let now: Date;
        try {
          now = clock.advance(request.body.advanceMs);
        } catch (error) {
          throw new AppError('VALIDATION_FAILED', (error as Error).message);
        }
        await withTransaction(db.pool, (client) =>
          appendAudit(client, {
            actor: { label: 'operator' },
            action: 'test_clock.advanced',
            subject: { type: 'clock', id: 'test' },
            place: 'cloud',
            detail: { advanceMs: request.body.advanceMs, offsetMs: clock.offsetMs() },
          }),
        );
        return { now: now.toISOString(), offsetMs: clock.offsetMs() };
      },
    );
  };
}
