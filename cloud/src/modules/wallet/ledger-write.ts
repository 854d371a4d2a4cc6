/**
 * Writes one group commit's planned operations (ledger.ts decides what; this writes it).
 *
 * Order matters for throughput: the rows other batches never wait for (transfers) go first;
 * the statements that serialise batches come last, so a batch prepares while the one before
 * it is still committing (pipelining, the way TigerBeetle overlaps prepare and commit):
 *   1. transfers, which nobody else locks;
 *   2. account balances as deltas: row locks are taken here, held until commit (a batch that
 *      touches the same accounts waits here for the one before to commit);
 *   3. the audit chain's lock, the batch id drawn under it (batch ids then follow commit
 *      order, which readers that remember the highest id seen rely on), the operations (whose
 *      unique key catches a replay or a race), the audit entry and the batch row: two
 *      statements after the lock, since other batches wait on this one's row locks through
 *      every round trip here (four before: bench/ledger-transfers.mjs).
 *
 * An optimistic batch (ledger.ts) computed its balances from an unlocked read: step 2 then
 * checks, on the balances it has just locked, that every account that must not be overdrawn
 * could have paid every debit of the batch from what it held before the batch, so the batch
 * is as good as if it had been applied to fresh balances in order; otherwise it is retried
 * under locks (`OptimisticMiss`).
 */
import type pg from 'pg';
import { chainAuditEntry, lockAuditChain, type AuditHead } from '../../platform/audit/audit-log.js';
import type { AccountState, PlannedTransfer } from './apply.js';
import type { LedgerCommand, OperationResult } from './ledger-types.js';
import { batchDigest } from './ledger-digest.js';

/** An optimistic batch met fresher balances than it read, or a refusal: it is run again under locks. */
export class OptimisticMiss extends Error {
  readonly code = 'OPTIMISTIC_MISS';
}

export interface WrittenCommand {
  readonly command: LedgerCommand;
  readonly result: OperationResult;
  readonly transfers: PlannedTransfer[];
}

export type BatchMode = 'optimistic' | 'locked';

/**
 * What each account's available balance (credits - debits - pending debits) loses through
 * the batch's single and pending transfers: the most it can dip below its starting point at
 * any moment of the batch (a capture never exceeds its hold, a void only releases).
 */
export function worstDebits(transfers: readonly PlannedTransfer[]): Map<number, number> {
  const worst = new Map<number, number>();
  for (const t of transfers) {
    if (t.phase === 'single' || t.phase === 'pending')
      worst.set(t.debitAccountId, (worst.get(t.debitAccountId) ?? 0) + t.amount);
  }
  return worst;
}

interface Deltas {
  readonly id: number;
  readonly dp: number;
  readonly cp: number;
  readonly dq: number;
  readonly cq: number;
}

function accountDeltas(
  accountsById: ReadonlyMap<number, AccountState>,
  before: ReadonlyMap<number, AccountState>,
): Deltas[] {
  const deltas: Deltas[] = [];
  for (const a of accountsById.values()) {
    const b = before.get(a.id);
    if (b === undefined) throw new Error(`ledger account ${a.code} has no starting balance`);
    const d = {
      id: a.id,
      dp: a.debitsPosted - b.debitsPosted,
      cp: a.creditsPosted - b.creditsPosted,
      dq: a.debitsPending - b.debitsPending,
      cq: a.creditsPending - b.creditsPending,
    };
    if (d.dp !== 0 || d.cp !== 0 || d.dq !== 0 || d.cq !== 0) deltas.push(d);
  }
  // Id order: concurrent batches lock shared accounts in the same order (no deadlock cycle).
  return deltas.sort((x, y) => x.id - y.id);
}

/**
 * A column of ids, numbers, hashes or timestamps as one comma-joined text, split back by
 * `string_to_array($n, ',', '')` ('' is NULL): node-postgres quotes and escapes every element
 * of an array parameter with two regular expressions, which cost more Node CPU per transfer
 * than the rest of the write (bench/ledger-transfers.mjs). Only for values that can hold no comma.
 */
function joined(values: readonly (string | number | null)[]): string {
  return values.map((v) => (v === null ? '' : String(v))).join(',');
}

/**
 * The ASCII unit separator (U+001F): it joins a column of free texts (scopes, idempotency
 * keys, kinds, legs, facts as JSON) the way `joined` joins ids, split back by
 * `string_to_array($n, E'\x1f', '')`. Ledger.submit refuses a command whose texts hold it, and
 * JSON.stringify writes it escaped, so no value can be cut in two. '' stands for NULL.
 */
export const unitSeparator = '\u001f';
function unitJoined(values: readonly (string | null)[]): string {
  return values.map((v) => v ?? '').join(unitSeparator);
}

async function insertTransfers(client: pg.PoolClient, now: Date, transfers: readonly PlannedTransfer[]): Promise<void> {
  if (transfers.length === 0) return;
  await client.query(
    `INSERT INTO ledger_transfers (id, operation_id, debit_account_id, credit_account_id, amount, leg, phase, pending_id, timeout_at, hold_purpose, created_at)
     SELECT u.*, $10 FROM unnest(string_to_array($1, ',')::uuid[], string_to_array($2, ',')::uuid[],
       string_to_array($3, ',')::bigint[], string_to_array($4, ',')::bigint[], string_to_array($5, ',')::bigint[],
       string_to_array($6, E'\\x1f'), string_to_array($7, ','), string_to_array($8, ',', '')::uuid[],
       string_to_array($9, ',', '')::timestamptz[], string_to_array($11, ',', ''))
       AS u(id, operation_id, debit_account_id, credit_account_id, amount, leg, phase, pending_id, timeout_at, hold_purpose)`,
    [
      joined(transfers.map((t) => t.id)),
      joined(transfers.map((t) => t.operationId)),
      joined(transfers.map((t) => t.debitAccountId)),
      joined(transfers.map((t) => t.creditAccountId)),
      joined(transfers.map((t) => t.amount)),
      unitJoined(transfers.map((t) => t.leg)),
      joined(transfers.map((t) => t.phase)),
      joined(transfers.map((t) => t.pendingId)),
      joined(transfers.map((t) => (t.timeoutAt === null ? null : t.timeoutAt.toISOString()))),
      now,
      joined(transfers.map((t) => t.holdPurpose)),
    ],
  );
}

/** Adds the batch's deltas to the balances (locking them); an optimistic batch checks it could pay from them. */
async function updateBalances(
  client: pg.PoolClient,
  deltas: readonly Deltas[],
  worst: ReadonlyMap<number, number>,
  mode: BatchMode,
): Promise<void> {
  if (deltas.length === 0) return;
  try {
    // Only the accounts that could not have paid are returned (usually none): what each held
    // when this statement locked it, before the batch's deltas, against its worst dip.
    // The rows are locked first, in id order (`locked`: the lock is taken above the sort), since
    // the update alone locks them in whatever order its plan visits them, and batches of several
    // processes, each holding some of its accounts, then deadlock (1 s each before PostgreSQL
    // aborts one; cloud/test/wallet-ledger-lock-order.test.ts). Its rows are all locked before
    // the update runs, or each before the update reaches it: either way in id order.
    const { rows } = await client.query<{ id: string }>(
      `WITH locked AS MATERIALIZED (
         SELECT id FROM ledger_accounts WHERE id = ANY(string_to_array($1, ',')::bigint[]) ORDER BY id
         FOR NO KEY UPDATE),
       moved AS (
         UPDATE ledger_accounts a SET debits_posted = a.debits_posted + u.dp, credits_posted = a.credits_posted + u.cp,
                debits_pending = a.debits_pending + u.dq, credits_pending = a.credits_pending + u.cq
         FROM locked l, unnest(string_to_array($1, ',')::bigint[], string_to_array($2, ',')::bigint[],
           string_to_array($3, ',')::bigint[], string_to_array($4, ',')::bigint[], string_to_array($5, ',')::bigint[],
           string_to_array($6, ',')::bigint[]) AS u(id, dp, cp, dq, cq, worst)
         WHERE a.id = u.id AND l.id = u.id
         RETURNING a.id, a.debits_must_not_exceed_credits AS guarded, u.worst,
           a.credits_posted - a.debits_posted - a.debits_pending - (u.cp - u.dp - u.dq) AS held_before)
       SELECT id FROM moved WHERE guarded AND held_before < worst`,
      [
        joined(deltas.map((d) => d.id)),
        joined(deltas.map((d) => d.dp)),
        joined(deltas.map((d) => d.cp)),
        joined(deltas.map((d) => d.dq)),
        joined(deltas.map((d) => d.cq)),
        // A locked batch planned on fresh balances: nothing to check.
        joined(deltas.map((d) => (mode === 'locked' ? 0 : (worst.get(d.id) ?? 0)))),
      ],
    );
    if (mode === 'optimistic' && rows[0] !== undefined)
      throw new OptimisticMiss(`account ${rows[0].id} moved since it was read`);
  } catch (error) {
    // The no-overdraw constraint refused an optimistic batch's balance: it read a stale one.
    if (mode === 'optimistic' && (error as { code?: unknown }).code === '23514')
      throw new OptimisticMiss('an account would be overdrawn on its fresh balance');
    throw error;
  }
}

/**
 * The operations, under the audit chain's lock (taken by the statement before): one statement
 * draws the batch id, writes the operations (whose unique key catches a replay or a race) and
 * reads the chain's head, since every round trip here is made while the batch holds its
 * accounts' row locks and other batches wait for them.
 */
async function insertOperations(
  client: pg.PoolClient,
  now: Date,
  written: readonly WrittenCommand[],
): Promise<{ batchId: number; head: AuditHead | undefined }> {
  const { rows } = await client.query<{ batch_id: string; inserted: string; seq: string | null; hash: string | null }>(
    `WITH batch AS (SELECT nextval('ledger_batches_id_seq') AS id),
     ops AS (
       INSERT INTO ledger_operations (id, batch_id, scope, idempotency_key, request_hash, kind, facts, created_at)
       SELECT u.id, (SELECT id FROM batch), u.scope, u.key, u.hash, u.kind, u.facts, $1
       FROM unnest(string_to_array($2, ',')::uuid[], string_to_array($3, E'\\x1f'), string_to_array($4, E'\\x1f'),
         string_to_array($5, ','), string_to_array($6, E'\\x1f'), string_to_array($7, E'\\x1f', '')::json[])
         AS u(id, scope, key, hash, kind, facts)
       RETURNING 1),
     head AS (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1)
     SELECT (SELECT id FROM batch) AS batch_id, (SELECT count(*) FROM ops) AS inserted,
            (SELECT seq FROM head) AS seq, (SELECT hash FROM head) AS hash`,
    [
      now,
      joined(written.map((w) => w.result.operationId)),
      unitJoined(written.map((w) => w.command.scope)),
      unitJoined(written.map((w) => w.command.idempotencyKey)),
      joined(written.map((w) => w.command.requestHash)),
      unitJoined(written.map((w) => w.command.kind)),
      unitJoined(written.map((w) => (w.command.facts === undefined ? null : JSON.stringify(w.command.facts)))),
    ],
  );
  // A key already stored (a replay an optimistic batch did not look up), or committed by another
  // process since the locked lookup, fails this statement on the unique (scope, key) index with
  // 23505, and the batch starts again looking keys up (ledger.ts). No ON CONFLICT clause: its
  // speculative insertion cost about 3 µs a row, paid while other batches wait on this one.
  const row = rows[0];
  if (row === undefined || Number(row.inserted) !== written.length)
    throw new Error('ledger operations not all written');
  return {
    batchId: Number(row.batch_id),
    head: row.seq === null || row.hash === null ? undefined : { seq: Number(row.seq), hash: row.hash },
  };
}

/** The batch's audit entry (chained after `head`) and its batch row, in one statement. */
async function insertAuditAndBatch(
  client: pg.PoolClient,
  now: Date,
  batchId: number,
  head: AuditHead | undefined,
  written: readonly WrittenCommand[],
  transferCount: number,
  digest: string,
): Promise<void> {
  const kinds: Record<string, number> = {};
  for (const w of written) kinds[w.command.kind] = (kinds[w.command.kind] ?? 0) + 1;
  const entry = chainAuditEntry(head, {
    actor: { label: 'ledger' },
    action: 'ledger.batch',
    subject: { type: 'ledger_batch', id: String(batchId) },
    place: 'cloud',
    detail: { operations: written.length, transfers: transferCount, digest, kinds },
  });
  await client.query(
    `WITH audit AS (
       INSERT INTO audit_log (seq, at, actor_account_id, actor_label, action, subject_type, subject_id, place, detail,
         prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING seq)
     INSERT INTO ledger_batches (id, committed_at, operation_count, transfer_count, digest, audit_seq)
     SELECT $12, $13, $14, $15, $16, seq FROM audit`,
    [
      entry.seq,
      entry.at,
      entry.actorAccountId,
      entry.actorLabel,
      entry.action,
      entry.subjectType,
      entry.subjectId,
      entry.place,
      entry.detailJson,
      entry.prevHash,
      entry.hash,
      batchId,
      now,
      written.length,
      transferCount,
      digest,
    ],
  );
}

async function insertAccrualsAndConsumptions(
  client: pg.PoolClient,
  now: Date,
  written: readonly WrittenCommand[],
  transfers: readonly PlannedTransfer[],
): Promise<void> {
  const accruals = transfers.filter((t) => t.accrual !== undefined);
  if (accruals.length > 0) {
    await client.query(
      `INSERT INTO commission_accruals (transfer_id, operation_id, beneficiary_id, role, level, rate_bp, module, amount, at)
       SELECT u.*, $9 FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::text[], $8::bigint[]) AS u`,
      [
        accruals.map((t) => t.id),
        accruals.map((t) => t.operationId),
        accruals.map((t) => t.accrual?.beneficiaryId),
        accruals.map((t) => t.accrual?.role),
        accruals.map((t) => t.accrual?.level),
        accruals.map((t) => t.accrual?.rateBp),
        accruals.map((t) => t.accrual?.module),
        accruals.map((t) => t.amount),
        now,
      ],
    );
  }
  const consumptions = written.filter((w) => w.command.consumption !== undefined);
  if (consumptions.length > 0) {
    const facts = consumptions.map((w) => w.command.consumption);
    await client.query(
      `INSERT INTO credit_consumptions (operation_id, consumer_account_id, module, tariff_code, partner_category, amount, sales_rep_id, rep_active_partners, team_lead_ids, at)
       SELECT a, b, c, d, e, f, g, h, CASE WHEN i = '' THEN '{}'::uuid[] ELSE string_to_array(i, ',')::uuid[] END, $10
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::uuid[], $8::int[], $9::text[]) AS u(a, b, c, d, e, f, g, h, i)`,
      [
        consumptions.map((w) => w.result.operationId),
        facts.map((f) => f?.consumerAccountId),
        facts.map((f) => f?.module),
        facts.map((f) => f?.tariffCode),
        facts.map((f) => f?.partnerCategory ?? null),
        facts.map((f) => f?.amount),
        facts.map((f) => f?.salesRepId ?? null),
        facts.map((f) => f?.repActivePartners ?? null),
        // uuid[] per row cannot go through unnest of a 2-D array; a joined text is cast back below.
        facts.map((f) => (f?.teamLeadIds ?? []).join(',')),
        now,
      ],
    );
  }
}

/** Writes a batch's planned commands in the transaction `client` holds (see the file's comment for the order). */
export async function writeBatch(
  client: pg.PoolClient,
  now: Date,
  written: readonly WrittenCommand[],
  accountsById: ReadonlyMap<number, AccountState>,
  before: ReadonlyMap<number, AccountState>,
  mode: BatchMode,
): Promise<void> {
  const transfers = written.flatMap((w) => w.transfers);
  const digest = batchDigest(
    written.map((w) => ({
      id: w.result.operationId,
      scope: w.command.scope,
      idempotencyKey: w.command.idempotencyKey,
      requestHash: w.command.requestHash,
      kind: w.command.kind,
    })),
    transfers,
  );
  await insertTransfers(client, now, transfers);
  await updateBalances(client, accountDeltas(accountsById, before), worstDebits(transfers), mode);
  await lockAuditChain(client);
  const { batchId, head } = await insertOperations(client, now, written);
  await insertAuditAndBatch(client, now, batchId, head, written, transfers.length, digest);
  await insertAccrualsAndConsumptions(client, now, written, transfers);
  for (const w of written) if (w.command.extraWrites !== undefined) await w.command.extraWrites(client, w.result);
}
