/**
 * What people do in a ticket once open: reply (portal or e-mail), note internally, close, rate, and the admins'
 * assignment. Each runs in one transaction holding the ticket's row lock, so two replies, a reply and a close, or a
 * close and the escalation job never interleave. A public reply to a closed ticket reopens it with a fresh deadline.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { lockTicket, type SupportContext, type TicketRow } from './context.js';
import type { AuthorRole } from './model.js';
import { notifyAssigned, notifyClosed, notifyReply } from './notify.js';

export interface Author {
  readonly accountId: string;
  readonly role: AuthorRole;
}

const notFound = () => new AppError('NOT_FOUND', 'Réclamation introuvable.');

async function event(
  client: pg.PoolClient,
  ticketId: string,
  kind: string,
  actorId: string | null,
  at: Date,
  detail = {},
) {
  await client.query(
    'INSERT INTO support_ticket_events (ticket_id, kind, actor_id, detail, at) VALUES ($1, $2, $3, $4, $5)',
    [ticketId, kind, actorId, detail, at],
  );
}

const audit = (client: pg.PoolClient, actorId: string | null, action: string, ticket: TicketRow, detail = {}) =>
  appendAudit(client, {
    actor: actorId === null ? { label: 'support-inbound-mail' } : { accountId: actorId, label: actorId },
    action,
    subject: { type: 'support_ticket', id: ticket.id },
    place: 'cloud',
    detail: { reference: ticket.reference, ...detail },
  });

export interface NewMessage {
  readonly body: string;
  readonly internal: boolean;
  readonly channel: 'portal' | 'email';
  readonly attachmentIds?: readonly string[];
  /** A reply by e-mail: its Message-ID, so the same mail forwarded twice is one message. */
  readonly emailMessageId?: string;
}

/** Adds a message; answers its id, or null when this e-mail was already added. */
export async function addMessage(
  context: SupportContext,
  ticketId: string,
  author: Author,
  input: NewMessage,
): Promise<{ readonly messageId: string | null; readonly reopened: boolean }> {
  const body = input.body.trim();
  if (body.length === 0) throw new AppError('VALIDATION_FAILED', 'Le message ne peut pas être vide.');
  if (input.internal && author.role === 'customer')
    throw new AppError('FORBIDDEN', 'Les notes internes sont réservées au partenaire concerné et au support.');
  return withTransaction(context.db.pool, async (client) => {
    const ticket = await lockTicket(client, ticketId);
    if (ticket === undefined) throw notFound();
    const at = context.now();
    const messageId = randomUUID();
    const inserted = await client.query(
      `INSERT INTO support_messages (id, ticket_id, author_id, author_role, channel, body, internal, attachment_ids,
         email_message_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (ticket_id, email_message_id) DO NOTHING`,
      [
        messageId,
        ticket.id,
        author.accountId,
        author.role,
        input.channel,
        body,
        input.internal,
        input.attachmentIds ?? [],
        input.emailMessageId ?? null,
        at,
      ],
    );
    if (inserted.rowCount === 0) return { messageId: null, reopened: false };
    const reopened = !input.internal && ticket.status === 'closed';
    if (input.internal) {
      await event(client, ticket.id, 'noted', author.accountId, at);
      await audit(client, author.accountId, 'support.noted', ticket, { messageId });
      return { messageId, reopened: false };
    }
    // The customer's word puts the ticket back in the handlers' court; theirs waits for the customer.
    const status = author.role === 'customer' ? 'open' : 'waiting_customer';
    const { rows } = await client.query<TicketRow>(
      `UPDATE support_tickets SET status = $2, updated_at = $3,
         first_response_at = CASE WHEN $4 AND first_response_at IS NULL THEN $3 ELSE first_response_at END,
         closed_at = CASE WHEN $5 THEN NULL ELSE closed_at END,
         sla_due_at = CASE WHEN $5 THEN $3::timestamptz + make_interval(hours => sla_hours) ELSE sla_due_at END
       WHERE id = $1 RETURNING *`,
      [ticket.id, status, at, author.role !== 'customer', reopened],
    );
    const updated = rows[0] ?? ticket;
    if (reopened) {
      await event(client, ticket.id, 'reopened', author.accountId, at);
      await audit(client, author.accountId, 'support.reopened', ticket);
    }
    await event(client, ticket.id, 'replied', author.accountId, at, { role: author.role, channel: input.channel });
    await audit(client, author.accountId, 'support.replied', ticket, {
      messageId,
      role: author.role,
      channel: input.channel,
      attachments: (input.attachmentIds ?? []).length,
    });
    await notifyReply(client, context, updated, { id: messageId, body, byCustomer: author.role === 'customer' });
    return { messageId, reopened };
  });
}

export async function closeTicket(context: SupportContext, ticketId: string, author: Author, resolution: string) {
  return withTransaction(context.db.pool, async (client) => {
    const ticket = await lockTicket(client, ticketId);
    if (ticket === undefined) throw notFound();
    if (ticket.status === 'closed') throw new AppError('CONFLICT', 'Cette réclamation est déjà close.');
    const at = context.now();
    const { rows } = await client.query<TicketRow>(
      "UPDATE support_tickets SET status = 'closed', closed_at = $2, resolution = $3, updated_at = $2 WHERE id = $1 RETURNING *",
      [ticket.id, at, resolution.trim().slice(0, 2000)],
    );
    const closed = rows[0] ?? ticket;
    await event(client, ticket.id, 'closed', author.accountId, at, { role: author.role });
    await audit(client, author.accountId, 'support.closed', ticket, { role: author.role });
    await notifyClosed(client, context, closed);
  });
}

/** The customer's satisfaction, once, on a closed ticket: the conditional UPDATE decides (two taps: one rating). */
export async function rateTicket(
  context: SupportContext,
  ticket: TicketRow,
  customerId: string,
  score: number,
  comment: string | undefined,
): Promise<void> {
  if (ticket.status !== 'closed')
    throw new AppError('CONFLICT', 'Vous pourrez noter la réponse une fois la réclamation close.');
  await withTransaction(context.db.pool, async (client) => {
    const at = context.now();
    const rated = await client.query(
      `UPDATE support_tickets SET rating = $3, rating_comment = $4, rated_at = $5, updated_at = $5
       WHERE id = $1 AND customer_id = $2 AND status = 'closed' AND rating IS NULL`,
      [ticket.id, customerId, score, comment?.trim().slice(0, 1000) ?? null, at],
    );
    if (rated.rowCount === 0) throw new AppError('CONFLICT', 'Vous avez déjà noté cette réclamation.');
    await event(client, ticket.id, 'rated', customerId, at, { score });
    await audit(client, customerId, 'support.rated', ticket, { score });
  });
}

/** An admin gives the ticket to an admin (the account must be one); the assignee is notified. */
export async function assignTicket(context: SupportContext, ticketId: string, adminId: string, assigneeId: string) {
  await withTransaction(context.db.pool, async (client) => {
    const ticket = await lockTicket(client, ticketId);
    if (ticket === undefined) throw notFound();
    const { rows } = await client.query<{ profile: string }>('SELECT profile FROM accounts WHERE id = $1', [
      assigneeId,
    ]);
    if (!['admin', 'super_admin', 'hyper_admin'].includes(rows[0]?.profile ?? ''))
      throw new AppError('VALIDATION_FAILED', 'Une réclamation se confie à un administrateur.');
    const at = context.now();
    const { rows: updated } = await client.query<TicketRow>(
      'UPDATE support_tickets SET assignee_id = $2, updated_at = $3 WHERE id = $1 RETURNING *',
      [ticket.id, assigneeId, at],
    );
    await event(client, ticket.id, 'assigned', adminId, at, { assigneeId });
    await audit(client, adminId, 'support.assigned', ticket, { assigneeId });
    await notifyAssigned(client, context, updated[0] ?? ticket, assigneeId, `assign:${at.toISOString()}`);
  });
}
