/**
 * Attachment transfer requests (issue 23): their listing with the names people read, and an admin's decision. An
 * approval moves the partner exactly as the direct admin transfer does (attachment_transfers history, audit entry
 * hierarchy.partner_transferred) and only if the partner is still with the rep the chief asked to move them from.
 */
import type pg from 'pg';
import { Type } from '@sinclair/typebox';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';

const Named = Type.Object({ id: Type.String(), name: Type.String() });
export const TransferRequestSchema = Type.Object({
  id: Type.String(),
  partner: Named,
  from: Type.Union([Named, Type.Null()]),
  to: Named,
  requestedBy: Named,
  reason: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('refused')]),
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  requestedAt: Type.String(),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
});

interface Row {
  id: string;
  partner_id: string;
  partner_name: string;
  from_id: string | null;
  from_name: string | null;
  to_id: string;
  to_name: string;
  by_id: string;
  by_name: string;
  reason: string;
  state: 'pending' | 'approved' | 'refused';
  decision_reason: string | null;
  requested_at: Date;
  decided_at: Date | null;
}

export async function listTransferRequests(pool: pg.Pool, filter: { id?: string; requestedBy?: string }) {
  const { rows } = await pool.query<Row>(
    `SELECT t.id, p.id AS partner_id, p.display_name AS partner_name, f.id AS from_id, f.display_name AS from_name,
            r.id AS to_id, r.display_name AS to_name, c.id AS by_id, c.display_name AS by_name, t.reason, t.state,
            t.decision_reason, t.requested_at, t.decided_at
     FROM attachment_transfer_requests t
     JOIN accounts p ON p.id = t.partner_id
     LEFT JOIN accounts f ON f.id = t.from_sales_rep_id
     JOIN accounts r ON r.id = t.to_sales_rep_id
     JOIN accounts c ON c.id = t.requested_by
     WHERE ($1::uuid IS NULL OR t.id = $1) AND ($2::uuid IS NULL OR t.requested_by = $2)
     ORDER BY (t.state = 'pending') DESC, t.requested_at DESC, t.id LIMIT 100`,
    [filter.id ?? null, filter.requestedBy ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    partner: { id: r.partner_id, name: r.partner_name },
    from: r.from_id === null ? null : { id: r.from_id, name: r.from_name ?? '' },
    to: { id: r.to_id, name: r.to_name },
    requestedBy: { id: r.by_id, name: r.by_name },
    reason: r.reason,
    state: r.state,
    decisionReason: r.decision_reason,
    requestedAt: r.requested_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
  }));
}

export async function decideTransferRequest(
  client: pg.PoolClient,
  requestId: string,
  decision: { approve: boolean; reason: string },
  actor: { accountId: string; label: string; place: string },
): Promise<void> {
  const { rows } = await client.query<{
    partner_id: string;
    from_sales_rep_id: string | null;
    to_sales_rep_id: string;
    state: string;
  }>(
    'SELECT partner_id, from_sales_rep_id, to_sales_rep_id, state FROM attachment_transfer_requests WHERE id = $1 FOR UPDATE',
    [requestId],
  );
  const request = rows[0];
  if (request === undefined) throw new AppError('NOT_FOUND', 'Aucune demande de transfert de ce numéro.');
  if (request.state !== 'pending') throw new AppError('CONFLICT', 'Cette demande a déjà été traitée.');
  if (decision.approve) {
    const partner = await client.query<{ sales_rep_id: string | null }>(
      'SELECT sales_rep_id FROM accounts WHERE id = $1 FOR UPDATE',
      [request.partner_id],
    );
    if (partner.rows[0]?.sales_rep_id !== request.from_sales_rep_id)
      throw new AppError('CONFLICT', 'Le partenaire a changé de commercial depuis la demande : refusez-la.');
    await client.query('UPDATE accounts SET sales_rep_id = $2 WHERE id = $1', [
      request.partner_id,
      request.to_sales_rep_id,
    ]);
    await client.query(
      'INSERT INTO attachment_transfers (partner_id, from_sales_rep_id, to_sales_rep_id, reason, approved_by) VALUES ($1, $2, $3, $4, $5)',
      [request.partner_id, request.from_sales_rep_id, request.to_sales_rep_id, decision.reason, actor.accountId],
    );
  }
  await client.query(
    'UPDATE attachment_transfer_requests SET state = $2, decided_by = $3, decision_reason = $4, decided_at = now() WHERE id = $1',
    [requestId, decision.approve ? 'approved' : 'refused', actor.accountId, decision.reason],
  );
  await appendAudit(client, {
    actor,
    action: decision.approve ? 'hierarchy.partner_transferred' : 'hierarchy.transfer_refused',
    subject: { type: 'account', id: request.partner_id },
    place: actor.place,
    detail: {
      requestId,
      before: { salesRepId: request.from_sales_rep_id },
      after: { salesRepId: decision.approve ? request.to_sales_rep_id : request.from_sales_rep_id },
      reason: decision.reason,
    },
  });
}
