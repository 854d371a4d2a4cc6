/** The hubs module's own hub operation: a closed cash session's Z report (`cash.session_closed`). */
import type { ZReport } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { HubOperationHandler } from './operation-registry.js';
import type { HubRecord } from './registry.js';

export function cashSessionOperations(deps: { db: Database }): HubOperationHandler<'cash.session_closed'> {
  /** A closed cash session's Z report, filed once; the count and any difference are audited. */
  const fileZReport = (hub: HubRecord, report: ZReport): Promise<Record<string, unknown>> =>
    withTransaction(deps.db.pool, async (client) => {
      const { rowCount } = await client.query(
        `INSERT INTO hub_cash_sessions (hub_id, session_id, number, partner_id, opened_at, closed_at, expected_cash_xof, counted_xof, difference_xof, report)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
        [
          hub.id,
          report.sessionId,
          report.number,
          hub.partnerId,
          report.openedAt,
          report.closedAt,
          report.expectedCashXof,
          report.countedXof,
          report.differenceXof,
          JSON.stringify(report),
        ],
      );
      if (rowCount === 1) {
        await appendAudit(client, {
          // The hub vouches for who closed; the account id stays in the detail (the hub's word, not a session here).
          actor: { label: `hub:${hub.id}` },
          action: 'hub.cash_session_closed',
          subject: { type: 'hub', id: hub.id },
          place: `hub:${hub.id}`,
          detail: {
            number: report.number,
            closedBy: report.closedBy,
            expectedCashXof: report.expectedCashXof,
            countedXof: report.countedXof,
            differenceXof: report.differenceXof,
          },
        });
      }
      return { sessionNumber: report.number, differenceXof: report.differenceXof };
    });

  return { type: 'cash.session_closed', describes: 'a Z report', apply: (hub, op) => fileZReport(hub, op.payload) };
}
