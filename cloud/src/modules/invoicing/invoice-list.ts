/**
 * The invoice lists over HTTP, newest first, a page at a time (keyset: a cursor names the
 * last row shown, so pages neither skip nor repeat rows while new invoices arrive):
 * - as seller (the default): what the caller issued (partner staff: their partner), drafts
 *   and held ones included; admins see every issuer's; dated by issue, else creation;
 * - as buyer: the issued invoices and credit notes addressed to the caller (partner staff:
 *   their partner), never a draft; dated by issue.
 * Filters: status, date range, gross amount range, clearance status.
 */
import { Type, type Static } from '@sinclair/typebox';
import { AppError, InvoiceDraftSchema } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { toRecord, type InvoiceRecord } from './invoices.js';

const clearanceStatuses = ['not_submitted', 'pending', 'certified', 'rejected', 'uncertain', 'not_required'] as const;
const Xof = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const InvoiceListQuery = Type.Object(
  {
    as: Type.Optional(Type.Union([Type.Literal('seller'), Type.Literal('buyer')])),
    status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('held'), Type.Literal('issued')])),
    clearance: Type.Optional(Type.Union(clearanceStatuses.map((s) => Type.Literal(s)))),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    minGrossXof: Type.Optional(Xof),
    maxGrossXof: Type.Optional(Xof),
    cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type InvoiceListFilters = Static<typeof InvoiceListQuery>;

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

/** An invoice as the API shows it (InvoiceRecord); the totals and problems as computed, open to later fields. */
export const InvoiceRecordSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    issuerAccountId: Type.String({ format: 'uuid' }),
    register: Type.String(),
    kind: Type.Union([Type.Literal('invoice'), Type.Literal('credit_note')]),
    status: Type.Union([Type.Literal('draft'), Type.Literal('held'), Type.Literal('issued')]),
    document: InvoiceDraftSchema,
    totals: Type.Union([
      Type.Object(
        { netXof: Type.Integer(), taxXof: Type.Integer(), grossXof: Type.Integer() },
        { additionalProperties: true },
      ),
      Type.Null(),
    ]),
    problems: Type.Union([
      Type.Array(Type.Object({ path: Type.String(), problem: Type.String() }, { additionalProperties: true })),
      Type.Null(),
    ]),
    number: Nullable(Type.String()),
    sequence: Type.Union([Type.Integer(), Type.Null()]),
    issuedAt: Nullable(Type.String({ format: 'date-time' })),
    contentHash: Nullable(Type.String()),
    originalInvoiceId: Nullable(Type.String({ format: 'uuid' })),
    clearanceStatus: Type.String(),
    /** The tax authority's reference (FNE, e-MECeF) and the QR it returned, once certified. */
    authorityReference: Nullable(Type.String()),
    qrData: Nullable(Type.String()),
    authority: Type.Optional(Nullable(Type.String())),
    certifiedAt: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  },
  { additionalProperties: true },
);

export const InvoiceListSchema = Type.Object({
  invoices: Type.Array(InvoiceRecordSchema),
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

/** The cursor names the last row shown: its sort time (as PostgreSQL prints it, full precision) and id. */
const encodeCursor = (at: string, id: string): string => Buffer.from(JSON.stringify([at, id])).toString('base64url');

function decodeCursor(cursor: string | undefined): [string, string] | [null, null] {
  if (cursor === undefined) return [null, null];
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string' &&
      /^[0-9a-f-]{36}$/.test(value[1])
    )
      return [value[0], value[1]];
  } catch {
    // fall through: not one of ours
  }
  throw new AppError('VALIDATION_FAILED', 'cursor is not one this list gave');
}

/**
 * One page of a list. `owner` is whose invoices (the acting owner); `everyIssuer` lists all
 * issuers' (admins, seller side only).
 */
export async function listInvoices(
  db: Database,
  owner: string,
  everyIssuer: boolean,
  q: InvoiceListFilters,
): Promise<Static<typeof InvoiceListSchema>> {
  const buyer = q.as === 'buyer';
  const limit = q.limit ?? 50;
  const [afterAt, afterId] = decodeCursor(q.cursor);
  // Only these two fixed texts are spliced in; every value is a parameter.
  const at = buyer ? 'issued_at' : 'created_at';
  const dated = buyer ? 'issued_at' : 'coalesce(issued_at, created_at)';
  const whose = buyer
    ? "$1::boolean IS NOT NULL AND recipient_account_id = $2 AND status = 'issued'"
    : '($1::boolean OR issuer_account_id = $2)';
  const { rows } = await db.pool.query<Parameters<typeof toRecord>[0] & { sort_at: string }>(
    `SELECT *, ${at}::text AS sort_at FROM invoices WHERE ${whose} AND ($3::text IS NULL OR status = $3)
       AND ($4::timestamptz IS NULL OR ${dated} >= $4) AND ($5::timestamptz IS NULL OR ${dated} < $5)
       AND ($6::bigint IS NULL OR (totals->>'grossXof')::bigint >= $6) AND ($7::bigint IS NULL OR (totals->>'grossXof')::bigint <= $7)
       AND ($8::text IS NULL OR clearance_status = $8)
       AND ($9::timestamptz IS NULL OR (${at}, id) < ($9::timestamptz, $10::uuid))
     ORDER BY ${at} DESC, id DESC LIMIT $11`,
    [
      everyIssuer && !buyer,
      owner,
      q.status ?? null,
      q.from ?? null,
      q.to ?? null,
      q.minGrossXof ?? null,
      q.maxGrossXof ?? null,
      q.clearance ?? null,
      afterAt,
      afterId,
      limit + 1,
    ],
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    invoices: page.map((r): InvoiceRecord => toRecord(r)),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.sort_at, last.id) : null,
  };
}
