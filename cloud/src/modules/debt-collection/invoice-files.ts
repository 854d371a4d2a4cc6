/**
 * A file from one of the creditor's issued invoices (API.md §Files, `{ invoiceId }`). ISMAIL's invoices carry no due
 * date and no payment state after issue: what the buyer left unpaid is what the invoice itself says was sold on
 * credit (its `payments` with method `credit`), less the credit notes issued against it. So the file is opened on the
 * creditor's request, never by a job, with amount and debtor taken from the invoice (the recipient account, else the
 * buyer written on it), never from the body. Reads only; the caller's transaction writes.
 */
import type pg from 'pg';
import { AppError, type InvoiceDraft } from '@ismail/shared';
import type { OpenDebtFile } from './files.js';
import { emailOrNull, ivorianPhoneOrNull } from './file-debtor.js';

type InvoiceDebt = Omit<OpenDebtFile, 'actor' | 'feesXof' | 'scenarioId' | 'eventKind'>;

export async function invoiceDebt(
  client: pg.PoolClient,
  creditor: string,
  invoiceId: string,
  now: Date,
): Promise<InvoiceDebt> {
  const { rows } = await client.query<{
    number: string;
    document: InvoiceDraft;
    issued_on: string;
    recipient_account_id: string | null;
    recipient_name: string | null;
    recipient_phone: string | null;
    recipient_email: string | null;
    credited_xof: string;
  }>(
    `SELECT i.number, i.document, to_char(i.issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS issued_on,
       i.recipient_account_id, a.display_name AS recipient_name, a.phone_e164 AS recipient_phone, a.email AS recipient_email,
       coalesce((SELECT sum((c.totals ->> 'grossXof')::bigint) FROM invoices c
         WHERE c.original_invoice_id = i.id AND c.status = 'issued'), 0) AS credited_xof
     FROM invoices i LEFT JOIN accounts a ON a.id = i.recipient_account_id
     WHERE i.id = $1 AND i.issuer_account_id = $2 AND i.kind = 'invoice' AND i.status = 'issued'
     FOR SHARE OF i`,
    [invoiceId, creditor],
  );
  const invoice = rows[0];
  if (invoice === undefined) throw new AppError('NOT_FOUND', 'Facture émise introuvable parmi les vôtres.');
  const onCredit = invoice.document.payments
    .filter((p) => p.method === 'credit')
    .reduce((sum, p) => sum + p.amountXof, 0);
  const owedXof = onCredit - Number(invoice.credited_xof);
  if (owedXof <= 0)
    throw new AppError(
      'VALIDATION_FAILED',
      'Cette facture ne laisse rien à recouvrer : elle a été réglée à l’émission (aucun paiement « à crédit ») ou avoirée.',
    );
  const buyer = invoice.document.buyer;
  const debtorName = (invoice.recipient_name ?? buyer.name ?? '').trim();
  const debtorPhone = invoice.recipient_phone ?? (buyer.phone === undefined ? null : ivorianPhoneOrNull(buyer.phone));
  const debtorEmail = invoice.recipient_email ?? (buyer.email === undefined ? null : emailOrNull(buyer.email));
  if (invoice.recipient_account_id === null && (debtorName === '' || (debtorPhone === null && debtorEmail === null)))
    throw new AppError(
      'VALIDATION_FAILED',
      'Le client de cette facture n’a ni compte ISMAIL ni nom avec téléphone ou e-mail : créez le dossier à la main.',
    );
  if (invoice.recipient_account_id === creditor)
    throw new AppError('VALIDATION_FAILED', 'Vous ne pouvez pas ouvrir un dossier contre vous-même.');
  return {
    creditorId: creditor,
    debtorId: invoice.recipient_account_id,
    debtorName: debtorName === '' ? 'Client' : debtorName,
    debtorPhone,
    debtorEmail,
    source: 'invoice',
    sourceRef: invoiceId,
    label: `Facture ${invoice.number}`,
    principalXof: owedXof,
    // No payment terms on an invoice: it is due from its issue (or today, for an invoice issued in the future's clock).
    dueOn: invoice.issued_on <= now.toISOString().slice(0, 10) ? invoice.issued_on : now.toISOString().slice(0, 10),
  };
}
