/**
 * Ticket lists: the caller's (as customer or partner concerned) and the admins' queue (overdue first: by deadline).
 * Keyset pages (an opaque cursor of the last row's sort key and id), bounded limits, `q` on the reference, the subject
 * and message text (never internal notes for a ticket where the caller is only the customer).
 */
import { AppError } from '@ismail/shared';
import type { SupportContext, TicketRow } from './context.js';
import { summaryOf, type TicketSummary } from './views.js';

export interface ListQuery {
  readonly status?: string | undefined;
  readonly level?: string | undefined;
  readonly q?: string | undefined;
  readonly limit?: number | undefined;
  readonly before?: string | undefined;
}

const encode = (at: Date, id: string): string => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

function decode(cursor: string | undefined): { at: Date; id: string } | null {
  if (cursor === undefined) return null;
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  if (id === undefined || Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/.test(id))
    throw new AppError('VALIDATION_FAILED', 'Curseur de page invalide : reprenez depuis la première page.');
  return { at, id };
}

/** `q` as an ILIKE pattern, its wildcards taken literally. */
const pattern = (q: string | undefined): string | null =>
  q === undefined || q.trim() === '' ? null : `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listTickets(
  context: SupportContext,
  ownerId: string,
  query: ListQuery,
): Promise<{ tickets: TicketSummary[]; next: string | null }> {
  const limit = query.limit ?? 20;
  const cursor = decode(query.before);
  const { rows } = await context.db.pool.query<TicketRow>(
    `SELECT t.* FROM support_tickets t
     WHERE (t.customer_id = $1 OR t.partner_id = $1)
       AND ($2::text IS NULL OR t.status = $2)
       AND ($3::text IS NULL OR t.reference ILIKE $3 OR t.subject ILIKE $3 OR EXISTS (
         SELECT 1 FROM support_messages m WHERE m.ticket_id = t.id AND m.body ILIKE $3
           AND (NOT m.internal OR t.partner_id = $1)))
       AND ($4::timestamptz IS NULL OR (t.created_at, t.id) < ($4, $5::uuid))
     ORDER BY t.created_at DESC, t.id DESC LIMIT $6`,
    [ownerId, query.status ?? null, pattern(query.q), cursor?.at ?? null, cursor?.id ?? null, limit + 1],
  );
  const now = context.now();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    tickets: page.map((row) => summaryOf(row, now)),
    next: rows.length > limit && last !== undefined ? encode(last.created_at, last.id) : null,
  };
}

/** The admins' queue: open tickets by default, the earliest deadline (most overdue) first. */
export async function adminQueue(
  context: SupportContext,
  query: ListQuery,
): Promise<{ tickets: TicketSummary[]; next: string | null }> {
  const limit = query.limit ?? 50;
  const cursor = decode(query.before);
  const { rows } = await context.db.pool.query<TicketRow>(
    `SELECT t.* FROM support_tickets t
     WHERE (CASE WHEN $1::text IS NULL THEN t.status <> 'closed' ELSE t.status = $1 END)
       AND ($2::text IS NULL OR t.level = $2)
       AND ($3::text IS NULL OR t.reference ILIKE $3 OR t.subject ILIKE $3 OR EXISTS (
         SELECT 1 FROM support_messages m WHERE m.ticket_id = t.id AND m.body ILIKE $3))
       AND ($4::timestamptz IS NULL OR (t.sla_due_at, t.id) > ($4, $5::uuid))
     ORDER BY t.sla_due_at, t.id LIMIT $6`,
    [query.status ?? null, query.level ?? null, pattern(query.q), cursor?.at ?? null, cursor?.id ?? null, limit + 1],
  );
  const now = context.now();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    tickets: page.map((row) => summaryOf(row, now)),
    next: rows.length > limit && last !== undefined ? encode(last.sla_due_at, last.id) : null,
  };
}
