/**
 * The ledger's write path: every money write in the cloud goes through `submit`.
 *
 * Group commit: requests that arrive while a batch is committing wait in a bounded queue and
 * become the next batch, one database transaction and one durable commit for all of them
 * (the lesson of TigerBeetle and of Mojaloop's 76 → 1,757 TPS: per-request round trips, not
 * the ledger, are the bottleneck). Within a batch each command is applied in order to the
 * locked balances (`applyCommand`), so a command sees the ones before it, a failing command
 * leaves no trace and never fails its neighbours.
 *
 * Idempotency (Mojaloop, Fineract lessons): a key is bound to its scope and to a hash of the
 * request. A replay returns the stored result; the same key with another request is refused.
 * Business refusals (not enough credits) are not stored: the same key may be retried later.
 * Correctness across processes rests on the database: account rows locked in id order, a
 * unique (scope, key) index and a unique index on the hold a transfer resolves; a batch that
 * loses a race is retried whole.
 *
 * Optimistic first (issue 29.8): a batch skips the replay lookup and does not read balances
 * (it reads them without locks only when it resolves holds), prepares and writes its
 * transfers while the batch before it is still committing, and takes its row locks only at
 * the end (ledger-write.ts), where it checks that the fresh balances could pay every debit
 * it planned. A stale balance, a refusal, a replay or a lost race sends the batch back,
 * whole, under locks: every refusal and every overdraft decision is made on fresh, locked
 * balances (cloud/test/wallet-ledger-optimistic.test.ts). Measured by bench/ledger-transfers.mjs:
 * about a third less PostgreSQL CPU per transfer than locking first.
 */
import { createHash } from 'node:crypto';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { timeOrderedId } from '../../platform/db/time-ordered-id.js';
import { applyCommand, type PlannedTransfer } from './apply.js';
import { readAccountStates, readPendings, unreadAccountStates } from './ledger-states.js';
import { storedResults, type StoredResult } from './ledger-replays.js';
import { OptimisticMiss, unitSeparator, writeBatch, type BatchMode, type WrittenCommand } from './ledger-write.js';
import {
  mustNotOverdraw,
  type AccountRef,
  type LedgerCommand,
  type LedgerOutcome,
  type OperationResult,
  type TransferResult,
} from './ledger-types.js';
export { batchDigest } from './ledger-digest.js';
import { uuidPattern } from '@ismail/shared';
import { canonicalJson } from '@ismail/shared';

// CommonJS module whose types declare an ES default export (see audit-log.ts).

export interface LedgerOptions {
  /**
   * Commands per group commit: bounds a transaction's size and lock time. 500 by default: with
   * a thousand callers waiting, two batches are in flight, one planned in Node while the other
   * commits (bench/ledger-transfers.mjs: 12,400/s at 1,000 per commit, ~14,500/s at 500).
   */
  readonly maxBatchCommands?: number;
  /** Legs per group commit (a command's legs are never split). */
  readonly maxBatchLegs?: number;
  /** Waiting commands beyond this are refused at once (back-pressure, bounded memory). */
  readonly maxQueued?: number;
  /** Batches committing at the same time; 1 on the embedded database (one connection). */
  readonly maxInFlight?: number;
  readonly now?: () => Date;
}

/** A command may not have more legs than this: charge, tax, cashback, three commissions... */
export const maxLegsPerCommand = 16;
const sha256HexPattern = /^[0-9a-f]{64}$/;
const retryableCodes = new Set(['40001', '40P01', '23505']);
const maxAttempts = 4;

interface Waiting {
  readonly command: LedgerCommand;
  resolve(outcome: LedgerOutcome): void;
  reject(error: unknown): void;
}

/** SHA-256 over the canonical form of a request: what idempotency binds a key to. */
export function requestHash(kind: string, request: unknown): string {
  // RFC 8785 canonical JSON (as the audit log uses): key order and spacing never change the hash.
  const canonical = canonicalJson(request);
  if (canonical === undefined) throw new AppError('VALIDATION_FAILED', 'the request cannot be canonicalised');
  return createHash('sha256').update(`${kind}\n${canonical}`).digest('hex');
}

function separableText(text: string): boolean {
  return text.length > 0 && !text.includes(unitSeparator);
}

function separable(command: LedgerCommand): boolean {
  return (
    separableText(command.scope) &&
    separableText(command.idempotencyKey) &&
    separableText(command.kind) &&
    command.legs.every((leg) => separableText(leg.leg))
  );
}

/** A command with a leg that lends a short wallet what it lacks: its outcome depends on the balance. */
function borrows(command: LedgerCommand): boolean {
  return command.legs.some((leg) => leg.type === 'transfer' && leg.overdraftFrom !== undefined);
}

/** What a caller sees of a planned transfer (optional fields only when set). */
function transferResult(t: PlannedTransfer): TransferResult {
  const result: { -readonly [K in keyof TransferResult]: TransferResult[K] } = {
    id: t.id,
    leg: t.leg,
    debit: t.debitCode,
    credit: t.creditCode,
    amountCentiCredits: t.amount,
    phase: t.phase,
  };
  if (t.pendingId !== null) result.pendingId = t.pendingId;
  if (t.timeoutAt !== null) result.timeoutAt = t.timeoutAt.toISOString();
  return result;
}

export class Ledger {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;
  private readonly idsByCode = new Map<string, number>();
  private readonly maxBatchCommands: number;
  private readonly maxBatchLegs: number;
  private readonly maxQueued: number;
  private readonly maxInFlight: number;
  private readonly now: () => Date;
  private idle: (() => void)[] = [];
  private pumpScheduled = false;
  /** Figures for benchmarks and health: how well group commit is working. */
  readonly stats = { batches: 0, commands: 0, retries: 0, optimistic: 0, misses: 0 };

  constructor(
    private readonly db: Database,
    options: LedgerOptions = {},
  ) {
    this.maxBatchCommands = options.maxBatchCommands ?? 500;
    this.maxBatchLegs = options.maxBatchLegs ?? 8000;
    this.maxQueued = options.maxQueued ?? 50_000;
    this.maxInFlight = options.maxInFlight ?? (db.kind === 'embedded' ? 1 : 2);
    this.now = options.now ?? (() => new Date());
  }

  submit(command: LedgerCommand): Promise<LedgerOutcome> {
    if (command.legs.length === 0 || command.legs.length > maxLegsPerCommand) {
      return Promise.reject(
        new AppError('VALIDATION_FAILED', `an operation has 1 to ${String(maxLegsPerCommand)} legs`),
      );
    }
    // The hash is written as part of one joined text (ledger-write.ts): only its hex form is accepted.
    if (!sha256HexPattern.test(command.requestHash))
      return Promise.reject(new AppError('VALIDATION_FAILED', 'a request hash is 64 lowercase hex digits'));
    // Texts travel joined by the unit separator (ledger-write.ts): none may hold it or be empty.
    if (!separable(command))
      return Promise.reject(
        new AppError('VALIDATION_FAILED', 'a scope, key, kind or leg is 1 or more characters, none of them U+001F'),
      );
    if (this.queue.length >= this.maxQueued)
      return Promise.reject(new AppError('RATE_LIMITED', 'The ledger is saturated; retry shortly.'));
    return new Promise<LedgerOutcome>((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      this.schedulePump();
    });
  }

  /** Resolves when every submitted command has been settled. */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /**
   * Batches are formed on the next turn of the event loop, not at the first submit: the
   * callers a finished batch releases send their next commands in the same turn, and they go
   * together instead of the first one alone (measured: 195 commands per commit -> ~1000).
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch: Waiting[] = [];
      let legs = 0;
      while (this.queue.length > 0 && batch.length < this.maxBatchCommands) {
        const next = this.queue[0];
        if (next === undefined || (batch.length > 0 && legs + next.command.legs.length > this.maxBatchLegs)) break;
        legs += next.command.legs.length;
        batch.push(next);
        this.queue.shift();
      }
      this.inFlight++;
      void this.runBatch(batch).finally(() => {
        this.inFlight--;
        this.schedulePump();
        if (this.queue.length === 0 && this.inFlight === 0) {
          for (const resolve of this.idle.splice(0)) resolve();
        }
      });
    }
  }

  private async runBatch(batch: Waiting[]): Promise<void> {
    const commands = batch.map((w) => w.command);
    // Optimistic first (no lookup, no row locks until the end); under locks from then on. A
    // command that may borrow (overdraft) lends what its wallet lacks: it must see fresh balances.
    let mode: BatchMode = commands.some(borrows) ? 'locked' : 'optimistic';
    for (let attempt = 1; ; attempt++) {
      try {
        const outcomes = await this.executeBatch(commands, mode);
        this.stats.batches++;
        this.stats.commands += batch.length;
        if (mode === 'optimistic') this.stats.optimistic++;
        batch.forEach((waiting, i) => {
          const outcome = outcomes[i];
          if (outcome === undefined) waiting.reject(new Error('ledger lost a command outcome'));
          else if (outcome instanceof AppError) waiting.reject(outcome);
          else waiting.resolve(outcome);
        });
        return;
      } catch (error) {
        if (error instanceof OptimisticMiss) {
          // Not a failed attempt: the same batch, looked up and locked this time.
          this.stats.misses++;
          mode = 'locked';
          attempt--;
          continue;
        }
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string' && retryableCodes.has(code) && attempt < maxAttempts) {
          this.stats.retries++;
          mode = 'locked';
          continue;
        }
        // One bad command (a database constraint no check caught) must not fail its
        // neighbours: run each alone so only the culprit fails.
        if (batch.length > 1 && !(error instanceof AppError && error.code === 'DATABASE_UNAVAILABLE')) {
          for (const waiting of batch) await this.runBatch([waiting]);
          return;
        }
        for (const waiting of batch) waiting.reject(error);
        return;
      }
    }
  }

  /** Creates missing accounts in their own short transaction: never a lock held across a batch. */
  private async ensureAccounts(refs: readonly AccountRef[]): Promise<void> {
    const missing = new Map<string, AccountRef>();
    for (const ref of refs) if (!this.idsByCode.has(ref.code)) missing.set(ref.code, ref);
    if (missing.size === 0) return;
    const list = [...missing.values()];
    await this.db.pool.query(
      `INSERT INTO ledger_accounts (code, kind, owner_account_id, debits_must_not_exceed_credits)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::boolean[]) ON CONFLICT (code) DO NOTHING`,
      [
        list.map((r) => r.code),
        list.map((r) => r.kind),
        list.map((r) => r.ownerAccountId ?? null),
        list.map((r) => mustNotOverdraw(r.kind)),
      ],
    );
    const { rows } = await this.db.pool.query<{ id: string; code: string }>(
      'SELECT id, code FROM ledger_accounts WHERE code = ANY($1::text[])',
      [list.map((r) => r.code)],
    );
    for (const row of rows) this.idsByCode.set(row.code, Number(row.id));
  }

  /**
   * Plans and writes one batch. Locked: replays looked up, every account locked in id order
   * first, so each command sees fresh balances. Optimistic: balances read without locks and
   * no lookup; the write then locks, checks it could pay from the fresh balances and that no
   * key was stored (ledger-write.ts), and any refusal sends the batch back under locks (a
   * refusal is only ever given on fresh balances).
   */
  private async executeBatch(
    commands: readonly LedgerCommand[],
    mode: BatchMode,
  ): Promise<(LedgerOutcome | AppError)[]> {
    const refs: AccountRef[] = [];
    const pendingIds = new Set<string>();
    for (const c of commands) {
      for (const leg of c.legs) {
        if (leg.type === 'transfer')
          refs.push(leg.debit, leg.credit, ...(leg.overdraftFrom === undefined ? [] : [leg.overdraftFrom]));
        else if (uuidPattern.test(leg.pendingId)) pendingIds.add(leg.pendingId);
      }
    }
    await this.ensureAccounts(refs);
    const now = this.now();

    return withTransaction(this.db.pool, async (client) => {
      const outcomes: (LedgerOutcome | AppError | undefined)[] = new Array<undefined>(commands.length);

      // 1. Replays: the stored result, or a refusal when the request differs (a locked batch;
      //    an optimistic one meets a stored key at its write and comes back locked).
      const storedByKey = mode === 'locked' ? await storedResults(client, commands) : new Map<string, StoredResult>();

      // 2. Holds to resolve, and every account touched: locked in id order (no deadlocks), or,
      //    in an optimistic batch, read without locks or not read at all (locked at its write).
      const pendings = await readPendings(client, pendingIds);
      const accountIds = new Set<number>();
      for (const ref of refs) {
        const id = this.idsByCode.get(ref.code);
        if (id === undefined) throw new Error(`ledger account ${ref.code} was not created`);
        accountIds.add(id);
      }
      for (const p of pendings.values()) accountIds.add(p.debitAccountId).add(p.creditAccountId);
      // An optimistic batch that resolves no hold plans on unread balances (ledger-states.ts).
      const accountsById =
        mode === 'optimistic' && pendingIds.size === 0
          ? unreadAccountStates(refs, this.idsByCode)
          : await readAccountStates(client, accountIds, mode);
      const accountsByCode = new Map([...accountsById.values()].map((a) => [a.code, a]));
      const before = new Map([...accountsById.values()].map((a) => [a.id, { ...a }]));

      // 3. Apply each new command in order (one context and one timestamp for the batch).
      const applyContext = { accountsByCode, accountsById, pendings, now, newId: () => timeOrderedId() };
      const createdAt = now.toISOString();
      const written: (WrittenCommand & { index: number })[] = [];
      const inBatch = new Map<string, { hash: string; index: number }>();
      commands.forEach((command, index) => {
        const key = `${command.scope}\u0000${command.idempotencyKey}`;
        const earlier = storedByKey.get(key);
        if (earlier !== undefined) {
          outcomes[index] =
            earlier.requestHash === command.requestHash
              ? { result: earlier.result, replayed: true }
              : new AppError('IDEMPOTENCY_KEY_REUSED');
          return;
        }
        const sibling = inBatch.get(key);
        if (sibling !== undefined) {
          // Resolved below, once the sibling's fate is known.
          outcomes[index] = undefined;
          return;
        }
        // Time-ordered ids (UUIDv7): each batch's rows land at the right edge of the id
        // indexes, PostgreSQL's fast path, instead of on random pages (bench/ledger-transfers.mjs).
        const operationId = timeOrderedId();
        const applied = applyCommand(command, operationId, applyContext);
        if (!applied.ok) {
          outcomes[index] = new AppError(applied.failure.code, applied.failure.message);
          return;
        }
        const result: OperationResult = {
          operationId,
          kind: command.kind,
          createdAt,
          transfers: applied.transfers.map(transferResult),
          ...(command.facts === undefined ? {} : { facts: command.facts }),
        };
        inBatch.set(key, { hash: command.requestHash, index });
        written.push({ command, index, result, transfers: applied.transfers });
        outcomes[index] = { result, replayed: false };
      });
      // Same key twice in one batch: the second is a replay of the first (or a conflict).
      commands.forEach((command, index) => {
        if (outcomes[index] !== undefined) return;
        const sibling = inBatch.get(`${command.scope}\u0000${command.idempotencyKey}`);
        const first = sibling === undefined ? undefined : outcomes[sibling.index];
        if (sibling === undefined || first === undefined || first instanceof AppError) {
          outcomes[index] = new AppError('CONFLICT', 'A request with this idempotency key was refused; send it again.');
        } else {
          outcomes[index] =
            sibling.hash === command.requestHash
              ? { result: first.result, replayed: true }
              : new AppError('IDEMPOTENCY_KEY_REUSED');
        }
      });

      if (mode === 'optimistic' && outcomes.some((o) => o instanceof AppError || o === undefined))
        throw new OptimisticMiss('a command was refused on balances read without locks');
      if (written.length > 0) await writeBatch(client, now, written, accountsById, before, mode);
      return outcomes as (LedgerOutcome | AppError)[];
    });
  }
}
