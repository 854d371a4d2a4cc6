/**
 * Invoice life cycle in the cloud (SPEC 3.7): draft, automatic fiscal validation, issue
 * (numbered without gaps in its series, frozen, content-hashed, audited), correction only
 * through credit notes. Every function takes the caller's transaction client.
 */
import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  AppError,
  computeTotals,
  invoiceContentHash,
  invoiceNumber,
  creditNoteDraft,
  CreditNoteError,
  validateDraft,
  type InvoiceDraft,
  type InvoiceTotals,
  type ValidationProblem,
} from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';

export interface InvoiceActor {
  readonly accountId?: string | undefined;
  readonly label: string;
  readonly place: string;
}

export interface InvoiceRecord {
  readonly id: string;
  readonly issuerAccountId: string;
  readonly register: string;
  readonly kind: 'invoice' | 'credit_note';
  readonly status: 'draft' | 'held' | 'issued';
  readonly document: InvoiceDraft;
  readonly totals: InvoiceTotals | null;
  readonly problems: ValidationProblem[] | null;
  readonly number: string | null;
  readonly sequence: number | null;
  readonly issuedAt: string | null;
  readonly contentHash: string | null;
  readonly originalInvoiceId: string | null;
  readonly clearanceStatus: string;
  readonly authorityReference: string | null;
  readonly qrData: string | null;
  /** Which authority certified it ('fne', 'emecef') and when (ISO); optional for records built by hand. */
  readonly authority?: string | null;
  readonly certifiedAt?: string | null;
}

interface Row {
  id: string;
  issuer_account_id: string;
  register: string;
  kind: 'invoice' | 'credit_note';
  status: 'draft' | 'held' | 'issued';
  document: InvoiceDraft;
  totals: InvoiceTotals | null;
  problems: ValidationProblem[] | null;
  number: string | null;
  sequence: string | null;
  issued_at: Date | null;
  content_hash: string | null;
  original_invoice_id: string | null;
  clearance_status: string;
  authority_reference: string | null;
  qr_data: string | null;
  authority?: string | null;
  certified_at?: Date | null;
  recipient_account_id: string | null;
}

export function toRecord(row: Row): InvoiceRecord {
  return {
    id: row.id,
    issuerAccountId: row.issuer_account_id,
    register: row.register,
    kind: row.kind,
    status: row.status,
    document: row.document,
    totals: row.totals,
    problems: row.problems,
    number: row.number,
    sequence: row.sequence === null ? null : Number(row.sequence),
    issuedAt: row.issued_at?.toISOString() ?? null,
    contentHash: row.content_hash,
    originalInvoiceId: row.original_invoice_id,
    clearanceStatus: row.clearance_status,
    authorityReference: row.authority_reference,
    qrData: row.qr_data,
    authority: row.authority ?? null,
    certifiedAt: row.certified_at?.toISOString() ?? null,
  };
}

export const registerPattern = /^[A-Za-z0-9_.-]{1,40}$/;

export async function createDraft(
  client: pg.PoolClient,
  input: {
    issuerAccountId: string;
    register: string;
    document: InvoiceDraft;
    createdBy: string;
    source?: string;
    sourceRef?: string;
    originalInvoiceId?: string;
    recipientAccountId?: string;
  },
): Promise<InvoiceRecord> {
  if (!registerPattern.test(input.register))
    throw new AppError('VALIDATION_FAILED', 'register is 1 to 40 letters, digits, _ . -');
  if ((input.document.kind === 'credit_note') !== (input.originalInvoiceId !== undefined))
    throw new AppError('VALIDATION_FAILED', 'credit notes are made from an issued invoice');
  try {
    computeTotals(input.document);
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', (error as Error).message);
  }
  const { rows } = await client.query<Row>(
    `INSERT INTO invoices (id, issuer_account_id, register, kind, status, document, source, source_ref, created_by, original_invoice_id, recipient_account_id)
     VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $10) RETURNING *`,
    [
      randomUUID(),
      input.issuerAccountId,
      input.register,
      input.document.kind,
      JSON.stringify(input.document),
      input.source ?? 'manual',
      input.sourceRef ?? null,
      input.createdBy,
      input.originalInvoiceId ?? null,
      input.recipientAccountId ?? null,
    ],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('invoice insert returned nothing');
  return toRecord(row);
}

async function locked(client: pg.PoolClient, id: string): Promise<Row> {
  const { rows } = await client.query<Row>('SELECT * FROM invoices WHERE id = $1 FOR UPDATE', [id]);
  const row = rows[0];
  if (row === undefined) throw new AppError('NOT_FOUND', 'No such invoice.');
  return row;
}

/** Drafts (and held drafts) can be changed; an issued invoice never. */
export async function updateDraft(client: pg.PoolClient, id: string, document: InvoiceDraft): Promise<InvoiceRecord> {
  const row = await locked(client, id);
  if (row.status === 'issued')
    throw new AppError('CONFLICT', `Invoice ${row.number ?? ''} is issued: correct it with a credit note.`);
  if (document.kind !== row.kind) throw new AppError('VALIDATION_FAILED', 'a draft keeps its kind');
  try {
    computeTotals(document);
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', (error as Error).message);
  }
  const { rows } = await client.query<Row>(
    "UPDATE invoices SET document = $2, status = 'draft', problems = NULL, updated_at = now() WHERE id = $1 RETURNING *",
    [id, JSON.stringify(document)],
  );
  return toRecord(rows[0] as Row);
}

/** The platform's hasher for shared's `invoiceContentHash` (the same text the hub hashes for its ticket). */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * A document already numbered elsewhere (a hub's register) recorded as issued in one INSERT:
 * its number, totals and content hash are written with it, never a draft row first, and the
 * issue is audited as `issueInvoice` audits it. The caller has validated the document,
 * computed `totals` from it and taken `sequence` in `series` inside this transaction.
 */
export async function insertIssuedInvoice(
  client: pg.PoolClient,
  input: {
    issuerAccountId: string;
    register: string;
    document: InvoiceDraft;
    totals: InvoiceTotals;
    series: string;
    sequence: number;
    number: string;
    issuedAt: Date;
    actor: InvoiceActor;
    createdBy: string;
    source: string;
    sourceRef: string;
    originalInvoiceId?: string;
    recipientAccountId?: string;
    /** Added to the audit's detail (e.g. `issuedOffline`). */
    auditDetail?: Record<string, unknown>;
    /** The hash the issuer already printed (a hub's ticket QR): a different one here refuses the document. */
    expectedContentHash?: string;
  },
): Promise<InvoiceRecord> {
  const kind = input.document.kind;
  if (!registerPattern.test(input.register))
    throw new AppError('VALIDATION_FAILED', 'register is 1 to 40 letters, digits, _ . -');
  if ((kind === 'credit_note') !== (input.originalInvoiceId !== undefined))
    throw new AppError('VALIDATION_FAILED', 'credit notes are made from an issued invoice');
  const contentHash = invoiceContentHash(
    {
      issuerAccountId: input.issuerAccountId,
      kind,
      number: input.number,
      issuedAt: input.issuedAt.toISOString(),
      document: input.document,
      totals: input.totals,
    },
    sha256Hex,
  );
  if (input.expectedContentHash !== undefined && input.expectedContentHash !== contentHash) {
    throw new AppError(
      'INVOICE_HASH_MISMATCH',
      `invoice ${input.number}: the issuer's content hash ${input.expectedContentHash.slice(0, 12)}… is not ${contentHash.slice(0, 12)}…`,
    );
  }
  // Clearance is due from the issue time on the issuer's millisecond clock, which the sender's clock reaches at once;
  // the database's microsecond now() could still be "later" within the same millisecond.
  const { rows } = await client.query<Row>(
    `INSERT INTO invoices (id, issuer_account_id, register, kind, status, document, source, source_ref, created_by, original_invoice_id, recipient_account_id,
                           series, sequence, number, issued_at, totals, content_hash, clearance_next_at)
     VALUES ($1, $2, $3, $4, 'issued', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, LEAST($14::timestamptz, now()))
     RETURNING *`,
    [
      randomUUID(),
      input.issuerAccountId,
      input.register,
      kind,
      JSON.stringify(input.document),
      input.source,
      input.sourceRef,
      input.createdBy,
      input.originalInvoiceId ?? null,
      input.recipientAccountId ?? null,
      input.series,
      input.sequence,
      input.number,
      input.issuedAt,
      JSON.stringify(input.totals),
      contentHash,
    ],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('invoice insert returned nothing');
  await appendAudit(client, {
    actor: { accountId: input.actor.accountId, label: input.actor.label },
    action: kind === 'invoice' ? 'invoice.issued' : 'invoice.credit_note_issued',
    subject: { type: 'invoice', id: row.id },
    place: input.actor.place,
    detail: {
      number: input.number,
      grossXof: input.totals.grossXof,
      taxXof: input.totals.taxXof,
      contentHash,
      ...input.auditDetail,
    },
  });
  return toRecord(row);
}

/**
 * Validates, then issues: the next number of the series (issuer, register, year, kind) is
 * taken under the series row's lock inside this transaction, so concurrent issues queue on
 * it and a rollback returns the number. A draft that fails validation is held with its
 * problems for manual correction.
 */
export async function issueInvoice(
  client: pg.PoolClient,
  id: string,
  actor: InvoiceActor,
  at: Date = new Date(),
): Promise<InvoiceRecord> {
  const row = await locked(client, id);
  if (row.status === 'issued') return toRecord(row);
  const problems = validateDraft(row.document);
  if (problems.length > 0) {
    const { rows } = await client.query<Row>(
      "UPDATE invoices SET status = 'held', problems = $2, updated_at = now() WHERE id = $1 RETURNING *",
      [id, JSON.stringify(problems)],
    );
    return toRecord(rows[0] as Row);
  }
  const year = at.getUTCFullYear();
  const series = `${row.issuer_account_id}:${row.register}:${String(year)}:${row.kind}`;
  await client.query(
    'INSERT INTO invoice_series (series, issuer_account_id, register, year, kind) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (series) DO NOTHING',
    [series, row.issuer_account_id, row.register, year, row.kind],
  );
  const next = await client.query<{ last_number: string }>(
    'UPDATE invoice_series SET last_number = last_number + 1 WHERE series = $1 RETURNING last_number',
    [series],
  );
  const sequence = Number(next.rows[0]?.last_number);
  const number = invoiceNumber(row.kind, row.register, year, sequence);
  const totals = computeTotals(row.document);
  const issuedAt = at.toISOString();
  const contentHash = invoiceContentHash(
    { issuerAccountId: row.issuer_account_id, kind: row.kind, number, issuedAt, document: row.document, totals },
    sha256Hex,
  );
  const { rows } = await client.query<Row>(
    `UPDATE invoices SET status = 'issued', series = $2, sequence = $3, number = $4, issued_at = $5, totals = $6, content_hash = $7, problems = NULL, updated_at = now()
     WHERE id = $1 RETURNING *`,
    [id, series, sequence, number, at, JSON.stringify(totals), contentHash],
  );
  await appendAudit(client, {
    actor: { accountId: actor.accountId, label: actor.label },
    action: row.kind === 'invoice' ? 'invoice.issued' : 'invoice.credit_note_issued',
    subject: { type: 'invoice', id },
    place: actor.place,
    detail: {
      number,
      grossXof: totals.grossXof,
      taxXof: totals.taxXof,
      contentHash,
      originalInvoiceId: row.original_invoice_id,
      // An account issuing in another's name (an admin, a partner's staff) is recorded as acting on its behalf.
      ...(actor.accountId !== undefined && actor.accountId !== row.issuer_account_id
        ? { onBehalfOf: row.issuer_account_id }
        : {}),
    },
  });
  return toRecord(rows[0] as Row);
}

/** Takes back lines of an issued invoice with a credit note, issued at once. */
export async function creditInvoice(
  client: pg.PoolClient,
  originalId: string,
  lines: readonly { index: number; quantityMilli: number }[] | 'all',
  actor: InvoiceActor,
  at: Date = new Date(),
): Promise<InvoiceRecord> {
  // Locking the original serialises credit notes on it: two cannot take back the same quantity.
  const original = await locked(client, originalId);
  if (original.status !== 'issued' || original.kind !== 'invoice' || original.number === null)
    throw new AppError('CONFLICT', 'Only an issued invoice can be credited.');
  const earlier = await client.query<{ document: InvoiceDraft }>(
    "SELECT document FROM invoices WHERE original_invoice_id = $1 AND status = 'issued'",
    [originalId],
  );
  const credited = new Map<number, number>();
  for (const note of earlier.rows)
    for (const l of note.document.original?.lines ?? [])
      credited.set(l.index, (credited.get(l.index) ?? 0) + l.quantityMilli);
  let document: InvoiceDraft;
  try {
    document = creditNoteDraft(
      { invoiceId: original.id, number: original.number, draft: original.document },
      lines,
      credited,
    );
  } catch (error) {
    if (error instanceof CreditNoteError) throw new AppError('VALIDATION_FAILED', error.message);
    throw error;
  }
  const draft = await createDraft(client, {
    issuerAccountId: original.issuer_account_id,
    register: original.register,
    document,
    createdBy: actor.accountId ?? actor.label,
    originalInvoiceId: original.id,
    ...(original.recipient_account_id === null ? {} : { recipientAccountId: original.recipient_account_id }),
  });
  return issueInvoice(client, draft.id, actor, at);
}
