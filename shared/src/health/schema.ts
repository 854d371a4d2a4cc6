/**
 * The health report of a cloud or hub process: one schema for the route's validation,
 * its OpenAPI entry and the counter app's status display.
 */
import { Type, type Static } from '@sinclair/typebox';

export const HealthCheckSchema = Type.Object({
  name: Type.String({ maxLength: 50 }),
  ok: Type.Boolean(),
  detail: Type.String({ maxLength: 300 }),
  durationMs: Type.Integer({ minimum: 0 }),
});

export const HealthReportSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
    service: Type.Union([Type.Literal('cloud'), Type.Literal('hub')]),
    version: Type.String({ maxLength: 50 }),
    uptimeS: Type.Integer({ minimum: 0 }),
    checks: Type.Array(HealthCheckSchema, { maxItems: 20 }),
  },
  { description: 'Health of one process and of what it depends on.' },
);

export type HealthCheck = Static<typeof HealthCheckSchema>;
export type HealthReport = Static<typeof HealthReportSchema>;
