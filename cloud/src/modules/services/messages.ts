/**
 * Messages between a request's client and one provider it was sent to (issue 24 item 6): one thread per (request,
 * provider). Owns who may read and write a thread, the masking of contact details, read receipts, and the provider's
 * response time. Stored as typed; masked when read by the other side while no live appointment exists between them
 * on that request (the platform holds the payment only for a deal made here). Never masks the sender's own text.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, maskContacts, uuidPattern } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { NotificationService } from '../notifications/service.js';
import { publicName } from './reviews.js';

/** A page of a thread: a screen shows the last few dozen; more is paged with `after`. */
export const messagePageMax = 100;
/** A sender's messages in one thread per 24 hours: a conversation, not a flood of notifications to the other side. */
export const messagesPerDayMax = 200;
/** Response time is the mean over this many answered requests: recent behaviour, not a lifetime average. */
export const responseWindowRequests = 50;

export interface ThreadMessage {
  readonly id: string;
  readonly senderId: string;
  readonly mine: boolean;
  readonly body: string;
  readonly photoId: string | null;
  readonly createdAt: string;
  readonly readAt: string | null;
}

export interface Thread {
  readonly requestId: string;
  readonly providerId: string;
  readonly clientId: string;
  /** The caller's side of the thread. */
  readonly role: 'client' | 'provider';
}

interface MessageRow {
  id: string;
  sender_id: string;
  body: string;
  photo_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

/** The thread if `ownerId` is its client or its provider; anyone else finds nothing (404, no hint it exists). */
export async function threadOf(
  client: pg.Pool | pg.PoolClient,
  ownerId: string,
  requestId: string,
  providerId: string,
): Promise<Thread> {
  const { rows } = await client.query<{ client_id: string }>(
    `SELECT r.client_id FROM service_requests r
     JOIN service_request_providers p ON p.request_id = r.id AND p.provider_id = $2
     WHERE r.id = $1`,
    [requestId, providerId],
  );
  const clientId = rows[0]?.client_id;
  if (clientId === undefined || (ownerId !== clientId && ownerId !== providerId))
    throw new AppError('NOT_FOUND', 'Conversation introuvable.');
  return { requestId, providerId, clientId, role: ownerId === clientId ? 'client' : 'provider' };
}

/** Whether contact details are still masked: no appointment (other than a cancelled one) between the two. */
export async function contactsMasked(client: pg.Pool | pg.PoolClient, thread: Thread): Promise<boolean> {
  const { rowCount } = await client.query(
    `SELECT 1 FROM service_appointments
     WHERE request_id = $1 AND client_id = $2 AND provider_id = $3 AND status <> 'cancelled' LIMIT 1`,
    [thread.requestId, thread.clientId, thread.providerId],
  );
  return rowCount === 0;
}

const toMessage = (row: MessageRow, readerId: string, masked: boolean): ThreadMessage => {
  const mine = row.sender_id === readerId;
  return {
    id: row.id,
    senderId: row.sender_id,
    mine,
    body: masked && !mine ? maskContacts(row.body) : row.body,
    photoId: row.photo_id,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  };
};

/**
 * The thread oldest first, after a cursor: a message id of this thread (exact) or a time (messages strictly later).
 * A reader polls with the id of the last message it has.
 */
export async function listMessages(
  db: Database,
  ownerId: string,
  requestId: string,
  providerId: string,
  page: { readonly after?: string | undefined; readonly limit: number },
): Promise<{ messages: ThreadMessage[]; masked: boolean }> {
  const thread = await threadOf(db.pool, ownerId, requestId, providerId);
  const masked = await contactsMasked(db.pool, thread);
  const params: unknown[] = [requestId, providerId, Math.min(page.limit, messagePageMax)];
  let cursor = '';
  if (page.after !== undefined) {
    if (uuidPattern.test(page.after)) {
      const known = await db.pool.query(
        'SELECT 1 FROM service_messages WHERE id = $1 AND request_id = $2 AND provider_id = $3',
        [page.after, requestId, providerId],
      );
      if (known.rowCount === 0) throw new AppError('VALIDATION_FAILED', "Ce message n'est pas dans la conversation.");
      // Compared in SQL: the stored time has microseconds a JavaScript Date would drop.
      cursor = 'AND (created_at, id) > (SELECT created_at, id FROM service_messages WHERE id = $4)';
      params.push(page.after);
    } else {
      const at = Date.parse(page.after);
      if (Number.isNaN(at))
        throw new AppError('VALIDATION_FAILED', 'Le curseur est un identifiant de message ou une date ISO.');
      cursor = 'AND created_at > $4';
      params.push(new Date(at));
    }
  }
  const { rows } = await db.pool.query<MessageRow>(
    `SELECT id, sender_id, body, photo_id, created_at, read_at FROM service_messages
     WHERE request_id = $1 AND provider_id = $2 ${cursor} ORDER BY created_at, id LIMIT $3`,
    params,
  );
  return { messages: rows.map((row) => toMessage(row, ownerId, masked)), masked };
}

/**
 * Records that a provider answered a request (its first message or quote) and recomputes its response time: the mean
 * minutes from the request reaching it to its first answer, over its last answered requests. Only the first answer
 * counts; later calls leave it as it is. Called in the answering transaction (the flows call it when a quote is sent).
 */
export async function recordProviderAnswer(
  client: pg.PoolClient,
  requestId: string,
  providerId: string,
  at: Date,
): Promise<void> {
  await client.query(
    `UPDATE service_request_providers SET first_answer_at = greatest($3::timestamptz, created_at)
     WHERE request_id = $1 AND provider_id = $2 AND first_answer_at IS NULL`,
    [requestId, providerId, at],
  );
  // Recomputed even when the first answer was recorded already (by a caller that set it itself): at most 50 rows.
  await client.query(
    `UPDATE service_providers SET response_minutes = (
       SELECT round(avg(extract(epoch FROM (first_answer_at - created_at)) / 60))::integer FROM (
         SELECT first_answer_at, created_at FROM service_request_providers
         WHERE provider_id = $1 AND first_answer_at IS NOT NULL ORDER BY first_answer_at DESC LIMIT $2
       ) AS answered
     ) WHERE account_id = $1`,
    [providerId, responseWindowRequests],
  );
}

/** Who is notified of a message and how the sender is named to them. */
async function recipientOf(
  client: pg.PoolClient,
  thread: Thread,
): Promise<{ recipientId: string; firstName: string; otherName: string }> {
  const { rows } = await client.query<{
    client_first: string | null;
    client_last: string | null;
    client_display: string;
    provider_first: string | null;
    provider_display: string;
    provider_name: string;
  }>(
    `SELECT c.first_name AS client_first, c.last_name AS client_last, c.display_name AS client_display,
       pa.first_name AS provider_first, pa.display_name AS provider_display, sp.display_name AS provider_name
     FROM accounts c, accounts pa JOIN service_providers sp ON sp.account_id = pa.id
     WHERE c.id = $1 AND pa.id = $2`,
    [thread.clientId, thread.providerId],
  );
  const names = rows[0];
  if (names === undefined) throw new AppError('NOT_FOUND', 'Conversation introuvable.');
  // The client is named to a provider by first name and initial, as on reviews.
  const clientName = publicName(names.client_first, names.client_last, names.client_display);
  return thread.role === 'client'
    ? {
        recipientId: thread.providerId,
        firstName: names.provider_first ?? names.provider_display,
        otherName: clientName,
      }
    : {
        recipientId: thread.clientId,
        firstName: names.client_first ?? names.client_display,
        otherName: names.provider_name,
      };
}

/**
 * Sends a message (text, a photo the sender uploaded, or both). The other side is notified in-app and by push (one
 * notification per message), which is also the live push to its open screens over the notifications WebSocket.
 */
export async function sendMessage(
  db: Database,
  notifications: NotificationService,
  publicUrl: string,
  ownerId: string,
  requestId: string,
  providerId: string,
  input: { readonly body?: string | undefined; readonly photoId?: string | undefined },
  now: Date = new Date(),
): Promise<ThreadMessage> {
  const body = input.body ?? '';
  if (body.trim() === '' && input.photoId === undefined)
    throw new AppError('VALIDATION_FAILED', 'Écrivez un message ou joignez une photo.');
  const { message, notice } = await withTransaction(db.pool, async (client) => {
    const thread = await threadOf(client, ownerId, requestId, providerId);
    const { rows: sent } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM service_messages
       WHERE request_id = $1 AND provider_id = $2 AND sender_id = $3 AND created_at > $4`,
      [requestId, providerId, ownerId, new Date(now.getTime() - 86_400_000)],
    );
    if ((sent[0]?.n ?? 0) >= messagesPerDayMax)
      throw new AppError(
        'RATE_LIMITED',
        `Vous avez envoyé ${String(messagesPerDayMax)} messages en 24 heures dans cette conversation : réessayez plus tard.`,
      );
    if (input.photoId !== undefined) {
      const photo = await client.query('SELECT 1 FROM service_photos WHERE id = $1 AND owner_id = $2', [
        input.photoId,
        ownerId,
      ]);
      if (photo.rowCount === 0) throw new AppError('NOT_FOUND', 'Photo introuvable.');
    }
    const { rows } = await client.query<MessageRow>(
      `INSERT INTO service_messages (id, request_id, provider_id, sender_id, body, photo_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, sender_id, body, photo_id, created_at, read_at`,
      [randomUUID(), requestId, providerId, ownerId, body, input.photoId ?? null, now],
    );
    const row = rows[0];
    if (row === undefined) throw new Error('message insert returned no row');
    if (thread.role === 'provider') await recordProviderAnswer(client, requestId, providerId, now);
    const notice = await recipientOf(client, thread);
    const path = thread.role === 'client' ? `/provider/requests/${requestId}` : `/services/requests/${requestId}`;
    return { message: toMessage(row, ownerId, false), notice: { ...notice, link: `${publicUrl}${path}` } };
  });
  // After the commit: the live push reads the notification back, and the message must be there when the screen asks.
  await notifications.emit({
    key: `services.message:${message.id}`,
    type: 'services.message_received',
    recipientId: notice.recipientId,
    data: {
      firstName: notice.firstName.slice(0, 100) || 'Bonjour',
      otherName: notice.otherName.slice(0, 120) || 'ISMAIL',
      link: notice.link.slice(0, 500),
    },
  });
  return message;
}

/** Marks the other side's unread messages of the thread read; returns how many. */
export async function markThreadRead(
  db: Database,
  ownerId: string,
  requestId: string,
  providerId: string,
  now: Date = new Date(),
): Promise<number> {
  await threadOf(db.pool, ownerId, requestId, providerId);
  const { rowCount } = await db.pool.query(
    `UPDATE service_messages SET read_at = $4
     WHERE request_id = $1 AND provider_id = $2 AND sender_id <> $3 AND read_at IS NULL`,
    [requestId, providerId, ownerId, now],
  );
  return rowCount ?? 0;
}
