/**
 * The notices of a ticket, emitted in the caller's transaction. A notice
 * to the customer carries `replyTo` (support+<token>@<domain>): the e-mail channel sets it as Reply-To, so answering
 * the e-mail adds to the same thread. Internal notes are never notified to the customer: callers pass only public text.
 */
import type pg from 'pg';
import type { SupportContext, TicketRow } from './context.js';
import { firstNameOf } from './context.js';
import { excerptOf, expectedByFr, levelLabelFr, type TicketLevel } from './model.js';

export const replyAddress = (context: SupportContext, ticket: Pick<TicketRow, 'reply_token'>): string =>
  `support+${ticket.reply_token}@${context.mailDomain}`;

/**
 * The data with `replyTo`, read by the e-mail channel when it sends (an extra field: the event's schema and templates
 * ignore it; typed as the event's own data so the call sites stay checked).
 */
const withReplyTo = <T extends object>(data: T, replyTo: string): T => ({ ...data, replyTo });

const link = (context: SupportContext, ticketId: string): string => `${context.publicUrl}/reclamations/${ticketId}`;

const base = async (client: pg.PoolClient, context: SupportContext, ticket: TicketRow, recipientId: string) => ({
  firstName: await firstNameOf(client, recipientId),
  reference: ticket.reference,
  subject: ticket.subject.slice(0, 200),
  link: link(context, ticket.id),
});

export async function notifyOpened(client: pg.PoolClient, context: SupportContext, ticket: TicketRow): Promise<void> {
  await context.notifications.emit(
    {
      key: `support.opened:${ticket.id}`,
      type: 'support.ticket_opened',
      recipientId: ticket.customer_id,
      data: withReplyTo(
        { ...(await base(client, context, ticket, ticket.customer_id)), expectedBy: expectedByFr(ticket.sla_due_at) },
        replyAddress(context, ticket),
      ),
    },
    client,
  );
  if (ticket.partner_id !== null) await notifyAssigned(client, context, ticket, ticket.partner_id, 'partner');
}

export async function notifyAssigned(
  client: pg.PoolClient,
  context: SupportContext,
  ticket: TicketRow,
  recipientId: string,
  why: string,
): Promise<void> {
  await context.notifications.emit(
    {
      key: `support.assigned:${ticket.id}:${recipientId}:${why}`,
      type: 'support.ticket_assigned',
      recipientId,
      data: await base(client, context, ticket, recipientId),
    },
    client,
  );
}

/** A public reply: to the customer (with Reply-To) when the other side wrote, else to the partner or the assignee. */
export async function notifyReply(
  client: pg.PoolClient,
  context: SupportContext,
  ticket: TicketRow,
  message: { readonly id: string; readonly body: string; readonly byCustomer: boolean },
): Promise<void> {
  const recipientId = message.byCustomer ? (ticket.partner_id ?? ticket.assignee_id) : ticket.customer_id;
  if (recipientId === null) return; // nobody named yet: the admin queue shows it
  await context.notifications.emit(
    {
      key: `support.reply:${message.id}`,
      type: 'support.ticket_reply',
      recipientId,
      data: message.byCustomer
        ? { ...(await base(client, context, ticket, recipientId)), excerpt: excerptOf(message.body) }
        : withReplyTo(
            { ...(await base(client, context, ticket, recipientId)), excerpt: excerptOf(message.body) },
            replyAddress(context, ticket),
          ),
    },
    client,
  );
}

export async function notifyClosed(client: pg.PoolClient, context: SupportContext, ticket: TicketRow): Promise<void> {
  await context.notifications.emit(
    {
      key: `support.closed:${ticket.id}:${String(ticket.closed_at?.getTime() ?? 0)}`,
      type: 'support.ticket_closed',
      recipientId: ticket.customer_id,
      data: withReplyTo(await base(client, context, ticket, ticket.customer_id), replyAddress(context, ticket)),
    },
    client,
  );
}

/** Every active account of the level's profiles: admins for `admin`, super and hyper admins for `super_admin`. */
export async function notifyEscalated(
  client: pg.PoolClient,
  context: SupportContext,
  ticket: TicketRow,
  level: TicketLevel,
  missedDeadline: Date,
): Promise<number> {
  const profiles = level === 'admin' ? ['admin'] : ['super_admin', 'hyper_admin'];
  const { rows } = await client.query<{ id: string }>(
    "SELECT id FROM accounts WHERE profile = ANY($1::text[]) AND status NOT IN ('suspended', 'closed') ORDER BY id LIMIT 200",
    [profiles],
  );
  for (const { id } of rows)
    await context.notifications.emit(
      {
        key: `support.escalated:${ticket.id}:${level}`,
        type: 'support.ticket_escalated',
        recipientId: id,
        data: {
          ...(await base(client, context, ticket, id)),
          level: levelLabelFr[level],
          expectedBy: expectedByFr(missedDeadline),
        },
      },
      client,
    );
  return rows.length;
}
