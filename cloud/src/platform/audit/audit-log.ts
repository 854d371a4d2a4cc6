/**
 * The append-only, hash-chained audit log (SPEC 3.15): identity, card, permission and
 * sensitive-read events with who, what, when, where and before/after where relevant.
 *
 * Owns: appending (inside the caller's transaction, so an audited change and its entry
 * commit together or not at all) and verifying the chain. Appends serialise on an advisory
 * lock: the chain has one order. Entry hash = SHA-256(prev_hash "\n" JCS(entry)), with
 * RFC 8785 canonical JSON so the same entry always hashes the same after a jsonb round trip.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { canonicalJson } from '@ismail/shared';

// The package is CommonJS (`module.exports = fn`) but its types declare an ES default export;
// under NodeNext the default import is the function itself at run time.

export const auditGenesisHash = '0'.repeat(64);
/** Arbitrary but fixed: the advisory lock that orders appends. */
const auditChainLockKey = 7_319_245_002;
/** Rows read per query while verifying: bounded memory on a chain of millions. */
const verifyBatchRows = 1000;
/** An entry's detail is evidence, not a dump: bound it. */
export const auditDetailMaxBytes = 16 * 1024;

export interface AuditEntryInput {
  readonly actor: { readonly accountId?: string | undefined; readonly label: string };
  readonly action: string;
  readonly subject: { readonly type: string; readonly id: string };
  /** Where it happened: "cloud", "hub:<id>", an IP for sign-ins. */
  readonly place: string;
  readonly detail: Record<string, unknown>;
}

interface HashedFields {
  seq: number;
  at: string;
  actorAccountId: string | null;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string;
  place: string;
  detail: unknown;
}

export function auditEntryHash(prevHash: string, fields: HashedFields): string {
  const canonical = canonicalJson(fields);
  if (canonical === undefined) throw new Error('audit entry cannot be canonicalised');
  return createHash('sha256').update(`${prevHash}\n${canonical}`).digest('hex');
}

/**
 * Takes the chain's lock for the rest of the caller's transaction (appendAudit takes it too;
 * taking it twice is harmless). Held until commit, it puts whatever the holder numbers next
 * in commit order: the ledger draws its batch id after it for that reason.
 */
export async function lockAuditChain(client: pg.PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [auditChainLockKey]);
}

/** The chain's last entry, or none yet. */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

/** An entry chained after a head: what the row holds, the detail as stored JSON. */
export interface ChainedAuditRow extends HashedFields {
  readonly detailJson: string;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * The row that follows `head` (pure: the caller holds the chain's lock and read the head after
 * taking it). The ledger folds it into its own statements (ledger-write.ts); appendAudit and
 * appendAuditMany are this plus their reads and writes.
 */
export function chainAuditEntry(head: AuditHead | undefined, entry: AuditEntryInput): ChainedAuditRow {
  const detailJson = JSON.stringify(entry.detail);
  if (Buffer.byteLength(detailJson) > auditDetailMaxBytes)
    throw new RangeError(`audit detail over ${String(auditDetailMaxBytes)} bytes`);
  const prevHash = head?.hash ?? auditGenesisHash;
  const fields: HashedFields = {
    seq: (head?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    actorAccountId: entry.actor.accountId ?? null,
    actorLabel: entry.actor.label,
    action: entry.action,
    subjectType: entry.subject.type,
    subjectId: entry.subject.id,
    place: entry.place,
    detail: JSON.parse(detailJson) as unknown,
  };
  return { ...fields, detailJson, prevHash, hash: auditEntryHash(prevHash, fields) };
}

/** The chain's head as a caller holding its lock sees it. */
async function readAuditHead(client: pg.PoolClient): Promise<AuditHead | undefined> {
  const last = await client.query<{ seq: string; hash: string }>(
    'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  const row = last.rows[0];
  return row === undefined ? undefined : { seq: Number(row.seq), hash: row.hash };
}

export async function appendAudit(
  client: pg.PoolClient,
  entry: AuditEntryInput,
): Promise<{ seq: number; hash: string }> {
  const [appended] = await appendAuditMany(client, [entry]);
  if (appended === undefined) throw new Error('audit entry not appended');
  return appended;
}

/**
 * Appends several entries in order, chained exactly as one `appendAudit` each would chain them: the chain's lock and
 * its head are read once, the hashes computed here in order, and the rows written in one INSERT (a batch of a hub's
 * sales: one round trip instead of three per entry). Bounded by the caller's batch.
 */
export async function appendAuditMany(
  client: pg.PoolClient,
  entries: readonly AuditEntryInput[],
): Promise<{ seq: number; hash: string }[]> {
  if (entries.length === 0) return [];
  await lockAuditChain(client);
  let head = await readAuditHead(client);
  const rows: ChainedAuditRow[] = [];
  for (const entry of entries) {
    const row = chainAuditEntry(head, entry);
    rows.push(row);
    head = row;
  }
  await client.query(
    `INSERT INTO audit_log (seq, at, actor_account_id, actor_label, action, subject_type, subject_id, place, detail, prev_hash, hash)
     SELECT u.seq, u.at, u.actor_account_id, u.actor_label, u.action, u.subject_type, u.subject_id, u.place, u.detail::jsonb, u.prev_hash, u.hash
     FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
       AS u(seq, at, actor_account_id, actor_label, action, subject_type, subject_id, place, detail, prev_hash, hash)
     ORDER BY u.seq`,
    [
      rows.map((r) => r.seq),
      rows.map((r) => r.at),
      rows.map((r) => r.actorAccountId),
      rows.map((r) => r.actorLabel),
      rows.map((r) => r.action),
      rows.map((r) => r.subjectType),
      rows.map((r) => r.subjectId),
      rows.map((r) => r.place),
      rows.map((r) => r.detailJson),
      rows.map((r) => r.prevHash),
      rows.map((r) => r.hash),
    ],
  );
  return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
}

export type AuditVerification =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; brokenAtSeq: number; problem: string };

interface AuditRow {
  seq: string;
  at: Date;
  actor_account_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string;
  place: string;
  detail: unknown;
  prev_hash: string;
  hash: string;
}

/** Walks the whole chain in order and reports the first broken link. */
export async function verifyAuditChain(pool: pg.Pool): Promise<AuditVerification> {
  let prevHash = auditGenesisHash;
  let expectedSeq = 1;
  for (;;) {
    const { rows } = await pool.query<AuditRow>('SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2', [
      expectedSeq,
      verifyBatchRows,
    ]);
    if (rows.length === 0) return { ok: true, entries: expectedSeq - 1, lastHash: prevHash };
    for (const row of rows) {
      const seq = Number(row.seq);
      const fail = (problem: string): AuditVerification => ({
        ok: false,
        entries: expectedSeq - 1,
        brokenAtSeq: seq,
        problem,
      });
      if (seq !== expectedSeq) return fail(`entry ${String(expectedSeq)} is missing (next is ${String(seq)})`);
      if (row.prev_hash !== prevHash) return fail('previous-hash link does not match the entry before it');
      const recomputed = auditEntryHash(prevHash, {
        seq,
        at: row.at.toISOString(),
        actorAccountId: row.actor_account_id,
        actorLabel: row.actor_label,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        place: row.place,
        detail: row.detail,
      });
      if (recomputed !== row.hash) return fail('content does not match its hash (the row was edited)');
      prevHash = row.hash;
      expectedSeq++;
    }
  }
}
