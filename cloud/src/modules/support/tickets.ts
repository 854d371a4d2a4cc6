/**
 * Opening a ticket: `about` checked against the record (404 when it is not the caller's), the partner concerned derived
 * from it, the category's SLA, a reference from the sequence, a random reply token, the first message, the history's
 * first event, the audit entry and the notices, in one transaction. The Idempotency-Key makes a retried request (3G)
 * the same ticket: the unique (customer, key) pair decides, not a read before the write.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { partnerConcerned, type About } from './about.js';
import { checkAttachments } from './attachments.js';
import type { SupportContext, TicketRow } from './context.js';
import { referenceYear, type TicketCategory } from './model.js';
import { notifyOpened } from './notify.js';

export interface NewTicket {
  readonly category: TicketCategory;
  readonly about?: About | undefined;
  readonly subject: string;
  readonly message: string;
  readonly attachmentIds?: readonly string[] | undefined;
  readonly idempotencyKey: string;
}

/** 24 lower-case base-36 characters from 18 random bytes: unguessable, and safe in an e-mail address's local part. */
export const newReplyToken = (): string =>
  BigInt(`0x${randomBytes(18).toString('hex')}`)
    .toString(36)
    .padStart(28, '0')
    .slice(-28);

export async function openTicket(
  context: SupportContext,
  actor: { readonly customerId: string; readonly accountId: string },
  input: NewTicket,
): Promise<{ readonly ticketId: string; readonly created: boolean }> {
  const subject = input.subject.trim();
  const body = input.message.trim();
  if (subject.length === 0 || body.length === 0)
    throw new AppError('VALIDATION_FAILED', "L'objet et le message de la réclamation ne peuvent pas être vides.");
  // Before the transaction: the store reads on its own connection (PGlite has one).
  await checkAttachments(context, actor.customerId, input.attachmentIds ?? []);
  return withTransaction(context.db.pool, async (client) => {
    const existing = await byKey(client, actor.customerId, input.idempotencyKey);
    if (existing !== undefined) return { ticketId: existing, created: false };
    const partnerId = input.about === undefined ? null : await partnerConcerned(client, actor.customerId, input.about);
    const at = context.now();
    const { rows: sla } = await client.query<{ hours: number }>('SELECT hours FROM support_sla WHERE category = $1', [
      input.category,
    ]);
    const hours = sla[0]?.hours ?? 72;
    const id = randomUUID();
    const inserted = await client.query<TicketRow>(
      `INSERT INTO support_tickets (id, reference, customer_id, category, about_type, about_id, partner_id, subject,
         sla_hours, sla_due_at, reply_token, idempotency_key, created_at, updated_at)
       VALUES ($1, 'R-' || $2::text || '-' || lpad(nextval('support_ticket_numbers')::text, 6, '0'), $3, $4, $5, $6,
         $7, $8, $9, $10::timestamptz + make_interval(hours => $9), $11, $12, $10, $10)
       ON CONFLICT (customer_id, idempotency_key) DO NOTHING RETURNING *`,
      [
        id,
        String(referenceYear(at)),
        actor.customerId,
        input.category,
        input.about?.type ?? null,
        input.about?.id ?? null,
        partnerId,
        subject,
        hours,
        at,
        newReplyToken(),
        input.idempotencyKey,
      ],
    );
    const ticket = inserted.rows[0];
    if (ticket === undefined) {
      // The same key committed by a concurrent request in the meantime: its ticket is the answer.
      const raced = await byKey(client, actor.customerId, input.idempotencyKey);
      if (raced === undefined) throw new AppError('CONFLICT', 'La réclamation est en cours de création, réessayez.');
      return { ticketId: raced, created: false };
    }
    await client.query(
      `INSERT INTO support_messages (id, ticket_id, author_id, author_role, channel, body, attachment_ids, created_at)
       VALUES ($1, $2, $3, 'customer', 'portal', $4, $5, $6)`,
      [randomUUID(), id, actor.accountId, body, input.attachmentIds ?? [], at],
    );
    await client.query(
      "INSERT INTO support_ticket_events (ticket_id, kind, actor_id, detail, at) VALUES ($1, 'opened', $2, $3, $4)",
      [id, actor.accountId, { category: input.category, slaHours: hours }, at],
    );
    await appendAudit(client, {
      actor: { accountId: actor.accountId, label: actor.accountId },
      action: 'support.opened',
      subject: { type: 'support_ticket', id },
      place: 'cloud',
      detail: {
        reference: ticket.reference,
        category: input.category,
        aboutType: input.about?.type ?? null,
        partnerId,
        attachments: (input.attachmentIds ?? []).length,
      },
    });
    await notifyOpened(client, context, ticket);
    return { ticketId: id, created: true };
  });
}

async function byKey(client: pg.PoolClient, customerId: string, key: string): Promise<string | undefined> {
  const { rows } = await client.query<{ id: string }>(
    'SELECT id FROM support_tickets WHERE customer_id = $1 AND idempotency_key = $2',
    [customerId, key],
  );
  return rows[0]?.id;
}
