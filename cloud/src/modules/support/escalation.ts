/**
 * Job `support.escalate`: a ticket not closed by its SLA deadline goes up one level (support → admin → super_admin),
 * its deadline moves one SLA period on, and every account of the new level is notified. One escalation per level
 * whatever the number of runs and processes: the UPDATE's condition (this level, still due) and the unique event per
 * level decide, not an earlier read. One level per ticket per run: a ticket far behind climbs one step a run.
 */
import type pg from 'pg';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { SupportContext, TicketRow } from './context.js';
import { notifyEscalated } from './notify.js';

/** Tickets looked at per run: a backlog drains over a few runs instead of one long transaction. */
const batch = 100;

export async function escalateDue(context: SupportContext): Promise<{ escalated: number }> {
  const at = context.now();
  const { rows } = await context.db.pool.query<{ id: string; level: 'support' | 'admin' }>(
    `SELECT id, level FROM support_tickets
     WHERE status <> 'closed' AND level <> 'super_admin' AND sla_due_at <= $1
     ORDER BY sla_due_at, id LIMIT $2`,
    [at, batch],
  );
  let escalated = 0;
  for (const row of rows) if (await escalateOne(context, row.id, row.level, at)) escalated++;
  return { escalated };
}

async function escalateOne(context: SupportContext, ticketId: string, from: 'support' | 'admin', at: Date) {
  const to = from === 'support' ? 'admin' : 'super_admin';
  return withTransaction(context.db.pool, async (client: pg.PoolClient) => {
    const { rows } = await client.query<TicketRow & { missed: Date }>(
      `UPDATE support_tickets t SET level = $3, sla_due_at = t.sla_due_at + make_interval(hours => t.sla_hours),
           updated_at = $4
       WHERE t.id = $1 AND t.level = $2 AND t.status <> 'closed' AND t.sla_due_at <= $4
       RETURNING t.*, t.sla_due_at - make_interval(hours => t.sla_hours) AS missed`,
      [ticketId, from, to, at],
    );
    const ticket = rows[0];
    if (ticket === undefined) return false; // closed, answered by another run, or no longer due
    const inserted = await client.query(
      `INSERT INTO support_ticket_events (ticket_id, kind, detail, at) VALUES ($1, 'escalated', $2, $3)
       ON CONFLICT DO NOTHING`,
      [ticketId, { level: to }, at],
    );
    if (inserted.rowCount === 0) throw new Error(`ticket ${ticketId} escalated twice to ${to}`);
    const notified = await notifyEscalated(client, context, ticket, to, ticket.missed);
    await appendAudit(client, {
      actor: { label: 'support.escalate' },
      action: 'support.escalated',
      subject: { type: 'support_ticket', id: ticketId },
      place: 'cloud',
      detail: { reference: ticket.reference, from, to, missedDeadline: ticket.missed.toISOString(), notified },
    });
    return true;
  });
}
