/**
 * POST /v1/support/inbound-mail: the mail gateway (the SMTP simulator in the demo) hands over a reply sent to
 * support+<token>@<domain>, raw RFC 822 (≤ 1 MB), with the shared secret in X-Inbound-Secret (compared in constant
 * time; no secret configured: every call is refused). The reply joins the ticket's thread when the sender is the
 * ticket's customer; anything else (no token, unknown token, another sender, nothing new written) answers 202 and is
 * only audited, without the address or the text.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { withErrors } from '../../platform/http/schemas.js';
import type { SupportContext } from './context.js';
import { parseInboundReply } from './inbound-parse.js';
import { addMessage } from './thread.js';

export const inboundMailMaxBytes = 1024 * 1024;

/** Constant time whatever the lengths: both sides hashed first. */
export function secretMatches(expected: string | undefined, given: unknown): boolean {
  if (expected === undefined || expected === '' || typeof given !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(given));
}

type Outcome = 'added' | 'duplicate' | 'ignored';

export function inboundMailRoutes(context: SupportContext, secret: string | undefined) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.addContentTypeParser(
      ['message/rfc822', 'text/plain', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: inboundMailMaxBytes },
      (_request, body, done) => {
        done(null, body);
      },
    );

    const ignored = async (reason: string, ticketId: string | null): Promise<{ outcome: Outcome }> => {
      await withTransaction(context.db.pool, (client) =>
        appendAudit(client, {
          actor: { label: 'support-inbound-mail' },
          action: 'support.inbound_ignored',
          subject: { type: 'support_ticket', id: ticketId ?? 'none' },
          place: 'cloud',
          detail: { reason },
        }),
      );
      return { outcome: 'ignored' };
    };

    app.post(
      '/v1/support/inbound-mail',
      {
        config: { access: 'public', rateLimit: { max: 600, timeWindow: 60_000 } },
        schema: {
          tags: ['support'],
          summary: 'A reply by e-mail to support+<token>@ (raw RFC 822, from the mail gateway, with its secret)',
          operationId: 'supportInboundMail',
          response: withErrors({
            200: Type.Object({ outcome: Type.Literal('added'), messageId: Type.String() }),
            202: Type.Object({ outcome: Type.Union([Type.Literal('duplicate'), Type.Literal('ignored')]) }),
          }),
        },
      },
      async (request, reply) => {
        if (!secretMatches(secret, request.headers['x-inbound-secret']))
          throw new AppError('UNAUTHENTICATED', 'Passerelle de courrier non reconnue.');
        if (!Buffer.isBuffer(request.body) || request.body.length === 0)
          throw new AppError('VALIDATION_FAILED', 'Le message attendu est un e-mail brut (message/rfc822).');
        const mail = await parseInboundReply(request.body);
        if (mail.token === null) return reply.status(202).send(await ignored('no_ticket_address', null));
        const { rows } = await context.db.pool.query<{ id: string; customer_id: string; email: string }>(
          `SELECT t.id, t.customer_id, a.email FROM support_tickets t JOIN accounts a ON a.id = t.customer_id
           WHERE t.reply_token = $1`,
          [mail.token],
        );
        const ticket = rows[0];
        if (ticket === undefined) return reply.status(202).send(await ignored('unknown_ticket', null));
        if (mail.from === null || mail.from !== ticket.email.toLowerCase())
          return reply.status(202).send(await ignored('sender_not_customer', ticket.id));
        if (mail.body === '') return reply.status(202).send(await ignored('empty_reply', ticket.id));
        const added = await addMessage(
          context,
          ticket.id,
          { accountId: ticket.customer_id, role: 'customer' },
          {
            body: mail.body,
            internal: false,
            channel: 'email',
            ...(mail.messageId === null ? {} : { emailMessageId: mail.messageId }),
          },
        );
        if (added.messageId === null) return reply.status(202).send({ outcome: 'duplicate' as const });
        return reply.status(200).send({ outcome: 'added' as const, messageId: added.messageId });
      },
    );
  };
}
