/**
 * The invoice archive (SPEC 3.7): each finished month's issued invoices and credit notes,
 * with their tax-authority answers, written once to a sealed file (a folder of the data directory on the embedded
 * database; in production mode the PostgreSQL server's file store every process reads, issue 29.1), for the ten
 * years the accounting records must be kept (research 9.4) — longer than any server, database version or hosting
 * contract will last.
 *
 * - Encrypted at rest: the records are gzipped and sealed with AES-256-GCM under the master
 *   key (crypto/sealed.ts), the period bound in as authenticated data, so a bundle cannot be
 *   read, altered, or passed off as another month's without the key noticing.
 * - Verifiable: a clear manifest (period, count, retention date, a digest of every number
 *   and content hash) lets anyone list what a file holds; opening it recomputes each
 *   invoice's content hash from its stored document.
 * - Written once: a month is archived only when it is over and no invoice in it still waits
 *   for the tax authority; archiving it again finds the same file, and a file that differs
 *   from the database is reported, never overwritten.
 * - Re-export: any format is rendered again from the archived record.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { AppError, invoiceContentHash } from '@ismail/shared';
import type { MasterKey } from '../../platform/crypto/sealed.js';
import { open, seal } from '../../platform/crypto/sealed.js';
import type { Database } from '../../platform/db/database.js';
import { diskFileStore, type FileStore } from '../../platform/documents/file-store.js';
import { periodBounds } from '../wallet/commission-runs.js';
import { sha256Hex, toRecord, type InvoiceRecord } from './invoices.js';

export const archiveFormat = 'ismail-invoice-archive/1';
/** Accounting documents are kept ten years after the end of the year they belong to. */
export const retentionYears = 10;
/** A month of a busy issuer fits; past this, the archive is split by issuer (not needed yet). */
export const archiveMaxInvoices = 500_000;
/** The largest archive file a store takes: a month at the invoice bound, gzipped and sealed, fits well under it. */
export const archiveMaxBytes = 512 * 1024 * 1024;

/** Where archives are kept: a file store, or a folder (the embedded mode's and the tests' disk store). */
export type ArchivePlace = string | FileStore;

const storeOf = (place: ArchivePlace): FileStore =>
  typeof place === 'string' ? diskFileStore(place, archiveMaxBytes) : place;

export interface ArchiveManifest {
  readonly format: typeof archiveFormat;
  readonly period: string;
  readonly createdAt: string;
  readonly retainUntil: string;
  readonly count: number;
  /** SHA-256 over "number contentHash authorityReference" lines, in archive order. */
  readonly digest: string;
}

interface ArchiveFile {
  readonly manifest: ArchiveManifest;
  readonly sealed: string;
}

const context = (period: string): string => `invoice-archive:${period}`;

function digestOf(records: readonly InvoiceRecord[]): string {
  const hash = createHash('sha256');
  for (const r of records)
    hash.update(`${r.issuerAccountId} ${r.number ?? ''} ${r.contentHash ?? ''} ${r.authorityReference ?? ''}\n`);
  return hash.digest('hex');
}

/** The archive's name in its store. */
export function archiveName(period: string): string {
  periodBounds(period); // refuses anything but YYYY-MM: the period becomes part of a name
  return `invoices-${period}.ismail-archive.json`;
}

/** The archive's path when its store is the folder `dir`. */
export function archiveFile(dir: string, period: string): string {
  return path.join(dir, archiveName(period));
}

async function periodRecords(db: Database, period: string): Promise<InvoiceRecord[]> {
  const { from, to } = periodBounds(period);
  const { rows } = await db.pool.query(
    "SELECT * FROM invoices WHERE status = 'issued' AND issued_at >= $1 AND issued_at < $2 ORDER BY issuer_account_id, series, sequence LIMIT $3",
    [from, to, archiveMaxInvoices + 1],
  );
  if (rows.length > archiveMaxInvoices)
    throw new AppError(
      'CONFLICT',
      `over ${String(archiveMaxInvoices)} invoices in ${period}: split the archive by issuer`,
    );
  return rows.map((r) => toRecord(r as Parameters<typeof toRecord>[0]));
}

/** Writes the month's archive once; returns its manifest and whether this call wrote it. */
export async function archiveMonth(
  db: Database,
  masterKey: MasterKey,
  place: ArchivePlace,
  period: string,
  now: Date = new Date(),
): Promise<{ manifest: ArchiveManifest; file: string; written: boolean }> {
  const { to } = periodBounds(period);
  if (to > now) throw new AppError('VALIDATION_FAILED', `period ${period} is not over yet`);
  const { rows: waiting } = await db.pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM invoices WHERE status = 'issued' AND issued_at >= $1 AND issued_at < $2 AND clearance_status IN ('not_submitted', 'pending', 'uncertain')",
    [periodBounds(period).from, to],
  );
  const pending = Number(waiting[0]?.n ?? 0);
  if (pending > 0)
    throw new AppError(
      'CONFLICT',
      `${String(pending)} invoices of ${period} still wait for the tax authority; archive the month once they are answered`,
    );
  const records = await periodRecords(db, period);
  const digest = digestOf(records);
  const files = storeOf(place);
  const file = archiveName(period);
  const found = await files.read(file);
  if (found !== null) {
    const existing = JSON.parse(found.toString('utf8')) as ArchiveFile;
    if (existing.manifest.digest !== digest)
      throw new AppError(
        'CONFLICT',
        `the archive of ${period} differs from the database: check it with archive-verify; it is never overwritten`,
      );
    return { manifest: existing.manifest, file, written: false };
  }
  const year = Number(period.slice(0, 4));
  const manifest: ArchiveManifest = {
    format: archiveFormat,
    period,
    createdAt: now.toISOString(),
    retainUntil: `${String(year + retentionYears)}-12-31`,
    count: records.length,
    digest,
  };
  const plaintext = gzipSync(Buffer.from(records.map((r) => JSON.stringify(r)).join('\n'), 'utf8'));
  const body: ArchiveFile = { manifest, sealed: seal(masterKey, context(period), plaintext) };
  // Written whole or not at all (a folder writes beside, flushes, renames; the database in one transaction). Two
  // processes archiving the month at once: one writes, the other finds its file and reports it as not written.
  if (!(await files.create(file, Buffer.from(JSON.stringify(body), 'utf8'))))
    return archiveMonth(db, masterKey, files, period, now);
  return { manifest, file, written: true };
}

/** Opens a month's archive: authenticated decryption, then every content hash and the manifest digest recomputed. */
export async function openArchive(
  masterKey: MasterKey,
  place: ArchivePlace,
  period: string,
): Promise<{ manifest: ArchiveManifest; records: InvoiceRecord[] }> {
  const file = archiveName(period);
  const found = await storeOf(place).read(file);
  if (found === null) throw new AppError('NOT_FOUND', `No archive for ${period}.`);
  const body = JSON.parse(found.toString('utf8')) as ArchiveFile;
  if (body.manifest.format !== archiveFormat || body.manifest.period !== period)
    throw new AppError('CONFLICT', `${file} is not the archive of ${period}`);
  let plaintext: Buffer;
  try {
    plaintext = gunzipSync(open(masterKey, context(period), body.sealed));
  } catch {
    throw new AppError(
      'CONFLICT',
      `the archive of ${period} does not open with this key: altered, or sealed for another month`,
    );
  }
  const text = plaintext.toString('utf8');
  const records = text === '' ? [] : text.split('\n').map((line) => JSON.parse(line) as InvoiceRecord);
  for (const r of records) {
    if (r.number === null || r.issuedAt === null || r.totals === null)
      throw new AppError('CONFLICT', `archive of ${period} holds an unissued document`);
    const recomputed = invoiceContentHash(
      {
        issuerAccountId: r.issuerAccountId,
        kind: r.kind,
        number: r.number,
        issuedAt: r.issuedAt,
        document: r.document,
        totals: r.totals,
      },
      sha256Hex,
    );
    if (recomputed !== r.contentHash)
      throw new AppError('CONFLICT', `invoice ${r.number} in the archive of ${period} does not match its content hash`);
  }
  if (records.length !== body.manifest.count || digestOf(records) !== body.manifest.digest)
    throw new AppError('CONFLICT', `the archive of ${period} does not match its manifest`);
  return { manifest: body.manifest, records };
}

/** The archive checked against the database: the same invoices, with the same hashes. */
export async function verifyArchive(
  db: Database,
  masterKey: MasterKey,
  place: ArchivePlace,
  period: string,
): Promise<{
  manifest: ArchiveManifest;
  matchesDatabase: boolean;
  missingFromArchive: string[];
  notInDatabase: string[];
}> {
  const { manifest, records } = await openArchive(masterKey, place, period);
  const live = await periodRecords(db, period);
  const key = (r: InvoiceRecord): string => `${r.number ?? ''} ${r.contentHash ?? ''}`;
  const archived = new Set(records.map(key));
  const current = new Set(live.map(key));
  const missingFromArchive = live.filter((r) => !archived.has(key(r))).map((r) => r.number ?? '');
  const notInDatabase = records.filter((r) => !current.has(key(r))).map((r) => r.number ?? '');
  return {
    manifest,
    matchesDatabase: missingFromArchive.length === 0 && notInDatabase.length === 0,
    missingFromArchive,
    notInDatabase,
  };
}
