/**
 * Reading tickets: who the caller is in a ticket (customer, partner concerned, support; anyone else: 404), the lists
 * (search on reference, subject and message text; status filter; keyset pages), and one ticket's thread with the
 * customer's other tickets. Internal notes reach only the partner concerned and admins, in the thread and in search.
 */
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '@ismail/shared';
import { attachmentViews } from './attachments.js';
import type { SupportContext, TicketRow } from './context.js';
import { aboutTypes, ticketCategories, ticketLevels, ticketStatuses, type AuthorRole } from './model.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const TicketSummarySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  reference: Type.String(),
  category: literals(ticketCategories),
  about: Type.Union([Type.Object({ type: literals(aboutTypes), id: Type.String() }), Type.Null()]),
  subject: Type.String(),
  status: literals(ticketStatuses),
  level: literals(ticketLevels),
  slaDueAt: Type.String({ format: 'date-time' }),
  overdue: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  rating: Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Null()]),
});
export type TicketSummary = Static<typeof TicketSummarySchema>;

export const TicketSchema = Type.Intersect([
  TicketSummarySchema,
  Type.Object({
    customer: Type.Object({ id: Type.String(), name: Type.String() }),
    partner: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
    assigneeId: Type.Union([Type.String(), Type.Null()]),
    firstResponseAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    resolution: Type.Union([Type.String(), Type.Null()]),
    ratingComment: Type.Union([Type.String(), Type.Null()]),
    /** The caller's place in the ticket: what the portal offers (internal notes, close, rate). */
    viewerRole: literals(['customer', 'partner', 'support'] as const),
  }),
]);

export const MessageSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  at: Type.String({ format: 'date-time' }),
  author: Type.Object({ role: literals(['customer', 'partner', 'support'] as const), name: Type.String() }),
  channel: literals(['portal', 'email'] as const),
  body: Type.String(),
  internal: Type.Boolean(),
  attachments: Type.Array(Type.Object({ documentId: Type.String(), filename: Type.String(), url: Type.String() }), {
    maxItems: 5,
  }),
});

export function summaryOf(row: TicketRow, now: Date): TicketSummary {
  return {
    id: row.id,
    reference: row.reference,
    category: row.category as TicketSummary['category'],
    about:
      row.about_type === null || row.about_id === null
        ? null
        : { type: row.about_type as (typeof aboutTypes)[number], id: row.about_id },
    subject: row.subject,
    status: row.status,
    level: row.level,
    slaDueAt: row.sla_due_at.toISOString(),
    overdue: row.status !== 'closed' && row.sla_due_at.getTime() <= now.getTime(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    rating: row.rating,
  };
}

export interface Viewer {
  /** The signed-in account (links are signed for it). */
  readonly accountId: string;
  /** The account it acts for (staff act for their partner). */
  readonly ownerId: string;
  readonly isAdmin: boolean;
}

/** The caller's role in the ticket, or 404 (another person's ticket is not acknowledged). */
export async function ticketFor(
  context: SupportContext,
  ticketId: string,
  viewer: Viewer,
): Promise<{ ticket: TicketRow; role: AuthorRole }> {
  const { rows } = await context.db.pool.query<TicketRow>('SELECT * FROM support_tickets WHERE id = $1', [ticketId]);
  const ticket = rows[0];
  const role: AuthorRole | null =
    ticket === undefined
      ? null
      : ticket.customer_id === viewer.ownerId
        ? 'customer'
        : ticket.partner_id === viewer.ownerId
          ? 'partner'
          : viewer.isAdmin
            ? 'support'
            : null;
  if (ticket === undefined || role === null) throw new AppError('NOT_FOUND', 'Réclamation introuvable.');
  return { ticket, role };
}

const names = async (context: SupportContext, ids: readonly string[]): Promise<Map<string, string>> => {
  const { rows } = await context.db.pool.query<{ id: string; name: string }>(
    "SELECT id, coalesce(nullif(trim(concat_ws(' ', first_name, last_name)), ''), display_name) AS name FROM accounts WHERE id = ANY($1::uuid[])",
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
};

export async function ticketThread(context: SupportContext, ticketId: string, viewer: Viewer) {
  const { ticket, role } = await ticketFor(context, ticketId, viewer);
  const seesInternal = role !== 'customer';
  const { rows: messages } = await context.db.pool.query<{
    id: string;
    created_at: Date;
    author_id: string;
    author_role: AuthorRole;
    channel: 'portal' | 'email';
    body: string;
    internal: boolean;
    attachment_ids: string[];
  }>(
    `SELECT id, created_at, author_id, author_role, channel, body, internal, attachment_ids FROM support_messages
     WHERE ticket_id = $1 AND (NOT internal OR $2) ORDER BY created_at, id LIMIT 1000`,
    [ticket.id, seesInternal],
  );
  const people = await names(context, [ticket.customer_id, ...(ticket.partner_id === null ? [] : [ticket.partner_id])]);
  const now = context.now();
  // One history per customer: their other tickets (a partner sees only those concerning it).
  const { rows: others } = await context.db.pool.query<TicketRow>(
    `SELECT * FROM support_tickets WHERE customer_id = $1 AND id <> $2 AND ($3 OR partner_id = $4)
     ORDER BY created_at DESC, id DESC LIMIT 20`,
    [ticket.customer_id, ticket.id, role !== 'partner', viewer.ownerId],
  );
  const thread = [];
  for (const m of messages)
    thread.push({
      id: m.id,
      at: m.created_at.toISOString(),
      author: {
        role: m.author_role,
        name:
          m.author_role === 'support'
            ? 'Support ISMAIL'
            : (people.get(m.author_role === 'customer' ? ticket.customer_id : (ticket.partner_id ?? '')) ?? ''),
      },
      channel: m.channel,
      body: m.body,
      internal: m.internal,
      attachments: await attachmentViews(context, viewer.accountId, m.attachment_ids),
    });
  return {
    ticket: {
      ...summaryOf(ticket, now),
      customer: { id: ticket.customer_id, name: people.get(ticket.customer_id) ?? '' },
      partner: ticket.partner_id === null ? null : { id: ticket.partner_id, name: people.get(ticket.partner_id) ?? '' },
      assigneeId: role === 'support' ? ticket.assignee_id : null,
      firstResponseAt: ticket.first_response_at?.toISOString() ?? null,
      resolution: ticket.resolution,
      ratingComment: ticket.rating_comment,
      viewerRole: role,
    },
    messages: thread,
    history: others.map((row) => summaryOf(row, now)),
  };
}
