/**
 * Reading leases (issue 25): one lease as its parties see it (the landlord, its staff through `ownerOf`, and the
 * tenant), with its signatures, its rent schedule (late dues flagged by the Abidjan day) and its documents; the list
 * of mine as landlord or tenant; the facts every document prints. Anyone else gets "not found": a lease's existence
 * is nobody else's business.
 */
import type pg from 'pg';
import { AppError, isRentLate } from '@ismail/shared';
import type { LeaseFacts } from './document-lease.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export type LeaseStatus = 'awaiting_signatures' | 'active' | 'ended' | 'cancelled';
export type Party = 'landlord' | 'tenant';

export interface LeaseView {
  id: string;
  listingId: string;
  title: string;
  commune: string;
  landlordId: string;
  landlordName: string;
  tenantId: string;
  tenantName: string;
  rentXof: number;
  chargesXof: number;
  depositXof: number;
  advanceXof: number;
  startsOn: string;
  durationMonths: number;
  revisionOn: string;
  paymentDay: number;
  graceDays: number;
  status: LeaseStatus;
  documentId: string | null;
  documentSha256: string | null;
  signatures: { party: Party; typedName: string; signedAt: string }[];
  depositReturnedXof: number | null;
  depositReturnedAt: string | null;
  dues: {
    id: string;
    period: string;
    dueOn: string;
    amountXof: number;
    paidXof: number;
    status: 'due' | 'paid' | 'cancelled';
    late: boolean;
    collectionFileId: string | null;
  }[];
  documents: {
    id: string;
    kind: 'lease' | 'receipt' | 'deposit_return';
    fileName: string;
    createdAt: string;
    sha256: string;
  }[];
}

/** Today's date in Abidjan (YYYY-MM-DD): when rent is late is a local matter. */
export const abidjanDay = (at: Date): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Africa/Abidjan',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);

export interface LeaseRow {
  id: string;
  listing_id: string;
  title: string;
  kind: string;
  commune: string;
  neighbourhood: string;
  area_m2: number;
  rooms: number;
  landlord_id: string;
  landlord_name: string;
  landlord_ismail_id: string | null;
  tenant_id: string;
  tenant_name: string;
  tenant_ismail_id: string | null;
  rent_xof: string;
  charges_xof: string;
  deposit_xof: string;
  advance_xof: string;
  starts_on: string;
  duration_months: number;
  revision_on: string;
  payment_day: number;
  grace_days: number;
  status: LeaseStatus;
  document_id: string | null;
  document_sha256: string | null;
  deposit_returned_xof: string | null;
  deposit_returned_at: Date | null;
  created_at: Date;
}

/** The property and the parties as every document prints them: one expression, used at creation and on reading. */
const partiesColumns = `p.title, p.kind, p.commune, p.neighbourhood, p.area_m2, p.rooms,
    la.display_name AS landlord_name, la.ismail_id AS landlord_ismail_id,
    coalesce(nullif(concat_ws(' ', ta.first_name, ta.last_name), ''), ta.display_name) AS tenant_name,
    ta.ismail_id AS tenant_ismail_id`;

const leaseSelect = `SELECT l.id, l.listing_id, ${partiesColumns}, l.landlord_id, l.tenant_id, l.rent_xof, l.charges_xof, l.deposit_xof, l.advance_xof, l.starts_on::text,
    l.duration_months, l.revision_on::text, l.payment_day, l.grace_days, l.status, l.document_id, l.document_sha256,
    l.deposit_returned_xof, l.deposit_returned_at, l.created_at
  FROM real_estate_leases l JOIN real_estate_properties p ON p.id = l.property_id
    JOIN accounts la ON la.id = l.landlord_id JOIN accounts ta ON ta.id = l.tenant_id`;

/** The lease row, whoever asks (jobs and flows; routes go through `leaseFor`). */
export async function leaseRow(q: Queryable, id: string): Promise<LeaseRow> {
  const { rows } = await q.query<LeaseRow>(`${leaseSelect} WHERE l.id = $1`, [id]);
  const row = rows[0];
  if (row === undefined) throw new AppError('NOT_FOUND', 'Bail introuvable.');
  return row;
}

/** The lease and the caller's side in it; anyone else is told it does not exist. */
export async function partyOf(q: Queryable, id: string, accountId: string): Promise<{ row: LeaseRow; party: Party }> {
  const row = await leaseRow(q, id);
  if (row.landlord_id === accountId) return { row, party: 'landlord' };
  if (row.tenant_id === accountId) return { row, party: 'tenant' };
  throw new AppError('NOT_FOUND', 'Bail introuvable.');
}

type PartiesRow = Pick<
  LeaseRow,
  | 'title'
  | 'kind'
  | 'commune'
  | 'neighbourhood'
  | 'area_m2'
  | 'rooms'
  | 'landlord_name'
  | 'landlord_ismail_id'
  | 'tenant_name'
  | 'tenant_ismail_id'
>;

/**
 * The facts of a lease not written yet, read as `leaseRow` will read them once it is: its contract is rendered before
 * the transaction that stores it (no connection held while drawing), and renders again to the same bytes.
 */
export async function newLeaseFacts(
  q: Queryable,
  ids: { propertyId: string; landlordId: string; tenantId: string },
  lease: Omit<LeaseFacts, keyof ReturnType<typeof partiesOf>>,
): Promise<LeaseFacts> {
  const { rows } = await q.query<PartiesRow>(
    `SELECT ${partiesColumns} FROM real_estate_properties p, accounts la, accounts ta
      WHERE p.id = $1 AND la.id = $2 AND ta.id = $3`,
    [ids.propertyId, ids.landlordId, ids.tenantId],
  );
  if (rows[0] === undefined) throw new AppError('NOT_FOUND', 'Annonce introuvable.');
  return { ...lease, ...partiesOf(rows[0]) };
}

function partiesOf(row: PartiesRow) {
  return {
    title: row.title,
    kind: row.kind,
    commune: row.commune,
    neighbourhood: row.neighbourhood,
    areaM2: row.area_m2,
    rooms: row.rooms,
    landlordName: row.landlord_name,
    landlordIsmailId: row.landlord_ismail_id ?? '—',
    tenantName: row.tenant_name,
    tenantIsmailId: row.tenant_ismail_id ?? '—',
  };
}

export function factsOf(row: LeaseRow): LeaseFacts {
  return {
    ...partiesOf(row),
    id: row.id,
    rentXof: Number(row.rent_xof),
    chargesXof: Number(row.charges_xof),
    depositXof: Number(row.deposit_xof),
    advanceXof: Number(row.advance_xof),
    startsOn: row.starts_on,
    durationMonths: row.duration_months,
    revisionOn: row.revision_on,
    paymentDay: row.payment_day,
    graceDays: row.grace_days,
    createdAt: row.created_at,
  };
}

export async function viewOf(q: Queryable, row: LeaseRow, now: Date): Promise<LeaseView> {
  const [signatures, dues, documents] = await Promise.all([
    q.query<{ party: Party; typed_name: string; signed_at: Date }>(
      'SELECT party, typed_name, signed_at FROM real_estate_lease_signatures WHERE lease_id = $1 ORDER BY signed_at',
      [row.id],
    ),
    q.query<{
      id: string;
      period: string;
      due_on: string;
      amount_xof: string;
      paid_xof: string;
      status: 'due' | 'paid' | 'cancelled';
      debt_file_id: string | null;
    }>(
      `SELECT id, period, due_on::text, amount_xof, paid_xof, status, debt_file_id FROM real_estate_rent_dues
        WHERE lease_id = $1 ORDER BY period`,
      [row.id],
    ),
    q.query<{
      id: string;
      kind: 'lease' | 'receipt' | 'deposit_return';
      file_name: string;
      created_at: Date;
      sha256: string;
    }>(
      'SELECT id, kind, file_name, created_at, sha256 FROM real_estate_documents WHERE lease_id = $1 ORDER BY created_at, id',
      [row.id],
    ),
  ]);
  const today = abidjanDay(now);
  return {
    id: row.id,
    listingId: row.listing_id,
    title: row.title,
    commune: row.commune,
    landlordId: row.landlord_id,
    landlordName: row.landlord_name,
    tenantId: row.tenant_id,
    tenantName: row.tenant_name,
    rentXof: Number(row.rent_xof),
    chargesXof: Number(row.charges_xof),
    depositXof: Number(row.deposit_xof),
    advanceXof: Number(row.advance_xof),
    startsOn: row.starts_on,
    durationMonths: row.duration_months,
    revisionOn: row.revision_on,
    paymentDay: row.payment_day,
    graceDays: row.grace_days,
    status: row.status,
    documentId: row.document_id,
    documentSha256: row.document_sha256,
    signatures: signatures.rows.map((s) => ({
      party: s.party,
      typedName: s.typed_name,
      signedAt: s.signed_at.toISOString(),
    })),
    depositReturnedXof: row.deposit_returned_xof === null ? null : Number(row.deposit_returned_xof),
    depositReturnedAt: row.deposit_returned_at?.toISOString() ?? null,
    dues: dues.rows.map((d) => ({
      id: d.id,
      period: d.period,
      dueOn: d.due_on,
      amountXof: Number(d.amount_xof),
      paidXof: Number(d.paid_xof),
      status: d.status,
      late: d.status === 'due' && isRentLate(d.due_on, row.grace_days, today),
      collectionFileId: d.debt_file_id,
    })),
    documents: documents.rows.map((d) => ({
      id: d.id,
      kind: d.kind,
      fileName: d.file_name,
      createdAt: d.created_at.toISOString(),
      sha256: d.sha256,
    })),
  };
}

/** Leases handled per list: a landlord with more pages through the portal's filters later. */
export const leasePageMax = 100;

export async function leasesOf(q: Queryable, accountId: string, role: Party, now: Date): Promise<LeaseView[]> {
  const column = role === 'landlord' ? 'l.landlord_id' : 'l.tenant_id';
  const { rows } = await q.query<LeaseRow>(`${leaseSelect} WHERE ${column} = $1 ORDER BY l.created_at DESC LIMIT $2`, [
    accountId,
    leasePageMax,
  ]);
  const out: LeaseView[] = [];
  // One at a time: PGlite has one connection, and a list of 100 is bounded work.
  for (const row of rows) out.push(await viewOf(q, row, now));
  return out;
}
