/**
 * POST /v1/hubs/health-reports (issue 28.5): a hub's signed health report (access 'hub': token and Ed25519 request
 * signature over the body, checked by the access plugin). A report must name the hub that signs it; its body is
 * bounded by the schema and by the route's byte limit. Answers the incidents open for the hub after it.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, HubHealthAnswerSchema, HubHealthReportSchema, healthReportBodyMaxBytes } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { hubOf } from '../../platform/http/access-plugin.js';
import { withErrors } from '../../platform/http/schemas.js';
import type { IncidentContext } from './incidents.js';
import { applyHealthReport } from './report.js';
import type { HubAlertThresholds } from './thresholds.js';

export function hubAlertRoutes(
  db: Database,
  context: IncidentContext,
  thresholds: HubAlertThresholds,
  now: () => Date,
) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/hubs/health-reports',
      {
        bodyLimit: healthReportBodyMaxBytes,
        config: { access: 'hub' },
        schema: {
          tags: ['hubs'],
          summary:
            "A hub's health (outbox age, dead letters, revocation list age, printers out of paper, its clock): opens or clears its incidents, each told once to the partner and the agency chief",
          operationId: 'reportHubHealth',
          body: HubHealthReportSchema,
          response: withErrors({ 200: HubHealthAnswerSchema }),
        },
      },
      async (request) => {
        const hub = hubOf(request);
        if (request.body.hubId !== hub.id) throw new AppError('FORBIDDEN', 'A hub reports its own health only.');
        const open = await applyHealthReport(db, context, thresholds, hub.id, request.body, now());
        return { open };
      },
    );
  };
}
