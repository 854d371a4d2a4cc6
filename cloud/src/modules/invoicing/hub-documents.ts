/**
 * Invoices and credit notes a hub issued itself while offline (SPEC 3.7, 3.8: "a series
 * belongs to an issuer and a register, so an offline hub numbers on its own"). The hub gave
 * the number; the cloud records the document as issued under that number, in the hub's
 * register, inside the caller's transaction. Because a hub's operations arrive exactly once
 * and in order, its numbers arrive in order: the next one must be exactly the series' next,
 * so a gap or a reused number is refused, never papered over. Recording the same document
 * again (a crash between effect and record) returns the first one. The document's seller
 * must be the hub's partner (legal name, tax ID, country), or it is refused. The document is
 * validated and totalled once per operation (`checkHubDocument`, before the handler's other
 * checks use its total) and inserted already issued; when the hub sends the content hash its
 * ticket's QR printed, the cloud's own must be the same or the document is refused.
 */
import type pg from 'pg';
import {
  AppError,
  documentRegister,
  invoiceNumber,
  validateAndTotal,
  type HubIssuedDocument,
  type InvoiceTotals,
} from '@ismail/shared';
import { insertIssuedInvoice, toRecord, type InvoiceRecord } from './invoices.js';
import { checkHubSeller, sellerIdentity } from './seller-identity.js';

/** A hub's document that passed fiscal validation, with its totals: made once per operation by `checkHubDocument`. */
export interface CheckedHubDocument {
  readonly issued: HubIssuedDocument;
  readonly totals: InvoiceTotals;
}

/** Validates a hub's document and totals it, in one pass; a document that does not validate is refused. */
export function checkHubDocument(issued: HubIssuedDocument): CheckedHubDocument {
  const { problems, totals } = validateAndTotal(issued.document);
  if (problems.length > 0 || totals === null) {
    throw new AppError(
      'VALIDATION_FAILED',
      `the hub's document does not validate: ${problems.map((p) => `${p.path}: ${p.problem}`).join('; ')}`.slice(
        0,
        400,
      ),
    );
  }
  return { issued, totals };
}

export async function recordHubDocument(
  client: pg.PoolClient,
  input: {
    issuerAccountId: string;
    register: string;
    hubId: string;
    checked: CheckedHubDocument;
    source: string;
    sourceRef: string;
    originalInvoiceId?: string;
    recipientAccountId?: string;
  },
): Promise<InvoiceRecord> {
  const { issued, totals } = input.checked;
  const kind = issued.document.kind;
  const existing = await client.query<Parameters<typeof toRecord>[0] & { source_ref: string | null }>(
    'SELECT * FROM invoices WHERE issuer_account_id = $1 AND number = $2',
    [input.issuerAccountId, issued.number],
  );
  const earlier = existing.rows[0];
  if (earlier !== undefined) {
    if (earlier.source_ref !== input.sourceRef)
      throw new AppError('CONFLICT', `invoice number ${issued.number} is already used by another document`);
    return toRecord(earlier);
  }
  const issuedAt = new Date(issued.issuedAt);
  const year = issuedAt.getUTCFullYear();
  // The hub's own register or one of its paired terminals' (issue 28), never another hub's.
  const register = documentRegister(input.register, issued.register);
  if (register === null)
    throw new AppError('VALIDATION_FAILED', `register ${String(issued.register)} is not one of this hub's`);
  const expected = invoiceNumber(kind, register, year, issued.sequence);
  if (issued.number !== expected)
    throw new AppError('VALIDATION_FAILED', `number ${issued.number} is not ${expected} of register ${register}`);
  // The seller is the hub's partner as its signed policy named it, never another taxpayer.
  checkHubSeller(await sellerIdentity(client, input.issuerAccountId), issued.document.seller);

  const series = `${input.issuerAccountId}:${register}:${String(year)}:${kind}`;
  await client.query(
    'INSERT INTO invoice_series (series, issuer_account_id, register, year, kind) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (series) DO NOTHING',
    [series, input.issuerAccountId, register, year, kind],
  );
  const advanced = await client.query<{ last_number: string }>(
    'UPDATE invoice_series SET last_number = $2 WHERE series = $1 AND last_number = $2 - 1 RETURNING last_number',
    [series, issued.sequence],
  );
  if (advanced.rowCount !== 1) {
    const { rows } = await client.query<{ last_number: string }>(
      'SELECT last_number FROM invoice_series WHERE series = $1',
      [series],
    );
    throw new AppError(
      'CONFLICT',
      `register ${register} ${String(year)}: expected number ${String(Number(rows[0]?.last_number ?? 0) + 1)}, the hub sent ${String(issued.sequence)}`,
    );
  }
  const hub = `hub:${input.hubId}`;
  return insertIssuedInvoice(client, {
    issuerAccountId: input.issuerAccountId,
    register,
    document: issued.document,
    totals,
    series,
    sequence: issued.sequence,
    number: issued.number,
    issuedAt,
    actor: { label: hub, place: hub },
    createdBy: hub,
    source: input.source,
    sourceRef: input.sourceRef,
    auditDetail: { issuedOffline: true },
    ...(issued.contentHash === undefined ? {} : { expectedContentHash: issued.contentHash }),
    ...(input.originalInvoiceId === undefined ? {} : { originalInvoiceId: input.originalInvoiceId }),
    ...(input.recipientAccountId === undefined ? {} : { recipientAccountId: input.recipientAccountId }),
  });
}
