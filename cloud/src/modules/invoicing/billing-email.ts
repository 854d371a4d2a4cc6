/**
 * An issued invoice sent by e-mail from the portal (issue 23): `POST /v1/invoices/{id}/email` sends its PDF through
 * the notifications' e-mail channel (the SMTP server of the configuration; the mail simulator in tests and demo).
 *
 * Owns: the `invoice_emails` rows. Only the invoice's issuer (its staff acting for it) sends it; anyone else, an
 * admin included, gets the 404 of an unknown id. A draft or a held invoice is refused. The Idempotency-Key is scoped
 * to the issuer: its row is written before the mail goes, so a replay or a race with the same key sends one mail;
 * the same key for another invoice or address is IDEMPOTENCY_KEY_REUSED. Every send is audited.
 * Must never take the seller, the amount or the PDF from the request: they are the stored invoice's.
 */
import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, formatXof } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { IdempotencyHeaders, withErrors } from '../../platform/http/schemas.js';
import type { DeliveryChannel } from '../notifications/channel.js';
import {
  InvoiceParams as Params,
  invoiceAccess as access,
  invoiceGuards,
  invoiceTags as tags,
} from './invoice-guards.js';
import type { InvoiceRecord } from './invoices.js';
import { exportInvoice } from './render/export.js';
import { sellerLogo } from './seller-identity.js';

/**
 * Per session: a partner sends a few invoices a minute by hand; more is a script or a stolen session mailing
 * strangers from our server.
 */
const emailRateLimit = {
  max: 10,
  timeWindow: 60_000,
  keyGenerator: (request: FastifyRequest): string =>
    createHash('sha256')
      .update(request.headers.authorization ?? request.ip)
      .digest('hex'),
};

const EmailBody = Type.Object(
  { to: Type.String({ format: 'email', minLength: 3, maxLength: 254 }) },
  { additionalProperties: false },
);
const EmailSent = Type.Object({
  invoiceId: Type.String({ format: 'uuid' }),
  to: Type.String(),
  status: Type.Union([Type.Literal('sending'), Type.Literal('sent'), Type.Literal('failed')]),
  /** True when this key was already used for this invoice and address: nothing was sent again. */
  replayed: Type.Boolean(),
});

interface EmailRow {
  invoice_id: string;
  recipient_email: string;
  status: 'sending' | 'sent' | 'failed';
}

/** The message: French first (the portal's language), the PDF attached. */
function invoiceMail(record: InvoiceRecord, pdf: Buffer) {
  const number = record.number ?? record.id;
  const seller = record.document.seller.tradeName ?? record.document.seller.legalName;
  const total = record.totals === null ? '' : ` d'un montant de ${formatXof(record.totals.grossXof)}`;
  const text = `Bonjour,\n\nVeuillez trouver ci-joint la facture ${number} de ${seller}${total}.\n\nISMAIL`;
  const html = `<p>Bonjour,</p><p>Veuillez trouver ci-joint la facture <strong>${number}</strong>${total}.</p><p>ISMAIL</p>`;
  const subject = `Facture ${number}`;
  return {
    rendered: { subject, text, html, sms: subject, title: subject, body: text },
    attachments: [{ filename: `${number}.pdf`, contentType: 'application/pdf', content: pdf }],
  };
}

export function billingEmailRoutes(db: Database, publicUrl: string, email: DeliveryChannel | undefined) {
  const { ownerOf, actorOf, visible } = invoiceGuards(db);
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/invoices/:invoiceId/email',
      {
        config: { access: access('write'), rateLimit: emailRateLimit },
        schema: {
          tags,
          summary: 'Send an issued invoice of mine by e-mail, its PDF attached (idempotent with an Idempotency-Key)',
          operationId: 'emailInvoice',
          params: Params,
          headers: IdempotencyHeaders,
          body: EmailBody,
          response: withErrors({ 200: EmailSent, 202: EmailSent }),
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const record = await visible(request, request.params.invoiceId);
        // The issuer only: an admin sees every invoice but does not mail a partner's customers in its name.
        const owner = await ownerOf(principal);
        if (record.issuerAccountId !== owner) throw new AppError('NOT_FOUND', 'No such invoice.');
        if (record.status !== 'issued') throw new AppError('CONFLICT', 'Only an issued invoice can be sent.');
        if (email === undefined) throw new AppError('CONFLICT', 'E-mail is not configured on this server.');
        const to = request.body.to.trim().toLowerCase();
        const key = request.headers['idempotency-key'];
        const actor = actorOf(request);
        const claimed = await withTransaction(db.pool, async (c) => {
          const inserted = await c.query<EmailRow>(
            `INSERT INTO invoice_emails (issuer_account_id, idempotency_key, invoice_id, recipient_email, sent_by, status)
             VALUES ($1, $2, $3, $4, $5, 'sending') ON CONFLICT DO NOTHING RETURNING invoice_id, recipient_email, status`,
            [owner, key, record.id, to, principal.accountId],
          );
          if (inserted.rows[0] !== undefined) {
            await appendAudit(c, {
              actor: { accountId: actor.accountId, label: actor.label },
              action: 'invoice.emailed',
              subject: { type: 'invoice', id: record.id },
              place: actor.place,
              detail: { number: record.number, to, idempotencyKey: key },
            });
            return null;
          }
          const { rows } = await c.query<EmailRow>(
            'SELECT invoice_id, recipient_email, status FROM invoice_emails WHERE issuer_account_id = $1 AND idempotency_key = $2',
            [owner, key],
          );
          return rows[0] ?? null;
        });
        if (claimed !== null) {
          if (claimed.invoice_id !== record.id || claimed.recipient_email !== to)
            throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another sending.');
          return reply.status(200).send({ invoiceId: record.id, to, status: claimed.status, replayed: true });
        }
        const pdf = await exportInvoice(record, 'pdf', publicUrl, await sellerLogo(db.pool, record.issuerAccountId));
        let status: EmailRow['status'] = 'sent';
        try {
          await email.send({ deliveryId: `invoice-${record.id}-${key}`, to, ...invoiceMail(record, pdf.bytes) });
        } catch (error) {
          status = 'failed';
          request.log.warn({ err: error, invoiceId: record.id }, 'invoice e-mail failed');
        }
        await db.pool.query(
          `UPDATE invoice_emails SET status = $3, sent_at = CASE WHEN $3 = 'sent' THEN now() END
           WHERE issuer_account_id = $1 AND idempotency_key = $2`,
          [owner, key, status],
        );
        if (status === 'failed')
          throw new AppError('CONFLICT', 'The mail server did not take the message; try again with a new key.');
        return reply.status(202).send({ invoiceId: record.id, to, status, replayed: false });
      },
    );
  };
}
