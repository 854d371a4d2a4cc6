/**
 * A hub's health report applied (issue 28.5): recorded as the hub's last, then each condition it covers opens or
 * closes its incident, and the hub is no longer silent. One transaction per report, serialised per hub by the upsert
 * of its hub_health row (taken first), so two reports at once see each other's incidents.
 */
import type { HubHealthReport } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { conditionsOf, reportedKinds } from './conditions.js';
import { closeIncident, openIncident, openKinds, type IncidentContext } from './incidents.js';
import type { HubAlertThresholds } from './thresholds.js';

export async function applyHealthReport(
  db: Database,
  context: IncidentContext,
  thresholds: HubAlertThresholds,
  hubId: string,
  report: HubHealthReport,
  now: Date,
): Promise<string[]> {
  const clockOffsetMs = Date.parse(report.at) - now.getTime();
  const conditions = conditionsOf(report, clockOffsetMs, thresholds);
  return withTransaction(db.pool, async (client) => {
    await client.query(
      `INSERT INTO hub_health (hub_id, received_at, report, clock_offset_ms) VALUES ($1, $2, $3, $4)
       ON CONFLICT (hub_id) DO UPDATE SET received_at = EXCLUDED.received_at, report = EXCLUDED.report,
                                          clock_offset_ms = EXCLUDED.clock_offset_ms`,
      [hubId, now, JSON.stringify(report), Math.round(clockOffsetMs)],
    );
    await closeIncident(client, context, { hubId, kind: 'silent', at: now });
    for (const kind of reportedKinds) {
      const detail = conditions[kind];
      if (detail === null) await closeIncident(client, context, { hubId, kind, at: now });
      else await openIncident(client, context, { hubId, kind, detail, at: now });
    }
    return openKinds(client, hubId);
  });
}
