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
 */
import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { appendAudit, lockAuditChain } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { applyCommand, type AccountState, type PendingState, type PlannedTransfer } from './apply.js';
import {
  mustNotOverdraw,
  type AccountRef,
  type HoldPurpose,
  type LedgerCommand,
  type LedgerOutcome,
  type OperationResult,
  type TransferResult,
} from './ledger-types.js';
import { uuidPattern } from '@ismail/shared';
import { canonicalJson } from '@ismail/shared';

// CommonJS module whose types declare an ES default export (see audit-log.ts).

export interface LedgerOptions {
  /** Commands per group commit: bounds a transaction's size and lock time. */
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

export interface DigestOperation {
  readonly id: string;
  readonly scope: string;
  readonly idempotencyKey: string;
  readonly requestHash: string;
  readonly kind: string;
}
export interface DigestTransfer {
  readonly id: string;
  readonly operationId: string;
  readonly debitCode: string;
  readonly creditCode: string;
  readonly amount: number;
  readonly leg: string;
  readonly phase: string;
  readonly pendingId: string | null;
}

/** What a batch's audit entry pins: editing any of these fields later breaks the match. */
export function batchDigest(operations: readonly DigestOperation[], transfers: readonly DigestTransfer[]): string {
  const hash = createHash('sha256');
  for (const o of [...operations].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    hash.update(`o|${o.id}|${o.scope}|${o.idempotencyKey}|${o.requestHash}|${o.kind}\n`);
  }
  for (const t of [...transfers].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    hash.update(
      `t|${t.id}|${t.operationId}|${t.debitCode}|${t.creditCode}|${String(t.amount)}|${t.leg}|${t.phase}|${t.pendingId ?? ''}\n`,
    );
  }
  return hash.digest('hex');
}

interface AccountRow {
  id: string;
  code: string;
  debits_must_not_exceed_credits: boolean;
  debits_posted: string;
  credits_posted: string;
  debits_pending: string;
  credits_pending: string;
}

function toState(row: AccountRow): AccountState {
  return {
    id: Number(row.id),
    code: row.code,
    mustNotOverdraw: row.debits_must_not_exceed_credits,
    debitsPosted: Number(row.debits_posted),
    creditsPosted: Number(row.credits_posted),
    debitsPending: Number(row.debits_pending),
    creditsPending: Number(row.credits_pending),
  };
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
  /** Figures for benchmarks and health: how well group commit is working. */
  readonly stats = { batches: 0, commands: 0, retries: 0 };

  constructor(
    private readonly db: Database,
    options: LedgerOptions = {},
  ) {
    this.maxBatchCommands = options.maxBatchCommands ?? 1000;
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
    if (this.queue.length >= this.maxQueued)
      return Promise.reject(new AppError('RATE_LIMITED', 'The ledger is saturated; retry shortly.'));
    return new Promise<LedgerOutcome>((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      this.pump();
    });
  }

  /** Resolves when every submitted command has been settled. */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
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
        this.pump();
        if (this.queue.length === 0 && this.inFlight === 0) {
          for (const resolve of this.idle.splice(0)) resolve();
        }
      });
    }
  }

  private async runBatch(batch: Waiting[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const outcomes = await this.executeBatch(batch.map((w) => w.command));
        this.stats.batches++;
        this.stats.commands += batch.length;
        batch.forEach((waiting, i) => {
          const outcome = outcomes[i];
          if (outcome === undefined) waiting.reject(new Error('ledger lost a command outcome'));
          else if (outcome instanceof AppError) waiting.reject(outcome);
          else waiting.resolve(outcome);
        });
        return;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string' && retryableCodes.has(code) && attempt < maxAttempts) {
          this.stats.retries++;
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

  /**
   * Earlier operations with the same scope and key, their results rebuilt from their
   * transfers (a replay is rare; storing every result whole would slow every write).
   */
  private async storedResults(
    client: pg.PoolClient,
    commands: readonly LedgerCommand[],
  ): Promise<Map<string, { requestHash: string; result: OperationResult }>> {
    const found = new Map<string, { requestHash: string; result: OperationResult }>();
    const ops = await client.query<{
      id: string;
      scope: string;
      idempotency_key: string;
      request_hash: string;
      kind: string;
      facts: OperationResult['facts'] | null;
      created_at: Date;
    }>(
      `SELECT o.id, o.scope, o.idempotency_key, o.request_hash, o.kind, o.facts, o.created_at FROM ledger_operations o
       JOIN unnest($1::text[], $2::text[]) AS k(scope, key) ON o.scope = k.scope AND o.idempotency_key = k.key`,
      [commands.map((c) => c.scope), commands.map((c) => c.idempotencyKey)],
    );
    if (ops.rows.length === 0) return found;
    const legs = await client.query<{
      operation_id: string;
      id: string;
      leg: string;
      debit: string;
      credit: string;
      amount: string;
      phase: TransferResult['phase'];
      pending_id: string | null;
      timeout_at: Date | null;
    }>(
      `SELECT t.operation_id, t.id, t.leg, d.code AS debit, c.code AS credit, t.amount, t.phase, t.pending_id, t.timeout_at
       FROM ledger_transfers t JOIN ledger_accounts d ON d.id = t.debit_account_id JOIN ledger_accounts c ON c.id = t.credit_account_id
       WHERE t.operation_id = ANY($1::uuid[]) ORDER BY t.seq`,
      [ops.rows.map((o) => o.id)],
    );
    for (const o of ops.rows) {
      const transfers: TransferResult[] = legs.rows
        .filter((t) => t.operation_id === o.id)
        .map((t) => ({
          id: t.id,
          leg: t.leg,
          debit: t.debit,
          credit: t.credit,
          amountCentiCredits: Number(t.amount),
          phase: t.phase,
          ...(t.pending_id === null ? {} : { pendingId: t.pending_id }),
          ...(t.timeout_at === null ? {} : { timeoutAt: t.timeout_at.toISOString() }),
        }));
      const facts = o.facts ?? undefined;
      const result: OperationResult = {
        operationId: o.id,
        kind: o.kind,
        createdAt: o.created_at.toISOString(),
        transfers,
        ...(facts === undefined ? {} : { facts }),
      };
      found.set(`${o.scope}\u0000${o.idempotency_key}`, { requestHash: o.request_hash, result });
    }
    return found;
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

  private async executeBatch(commands: readonly LedgerCommand[]): Promise<(LedgerOutcome | AppError)[]> {
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

      // 1. Replays: the stored result, or a refusal when the request differs.
      const storedByKey = await this.storedResults(client, commands);

      // 2. Holds to resolve, and every account touched, locked in id order (no deadlocks).
      const pendings = new Map<string, PendingState>();
      if (pendingIds.size > 0) {
        const { rows } = await client.query<{
          id: string;
          debit_account_id: string;
          credit_account_id: string;
          amount: string;
          timeout_at: Date | null;
          hold_purpose: HoldPurpose;
          resolved: boolean;
        }>(
          `SELECT t.id, t.debit_account_id, t.credit_account_id, t.amount, t.timeout_at, t.hold_purpose,
                  EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id) AS resolved
           FROM ledger_transfers t WHERE t.id = ANY($1::uuid[]) AND t.phase = 'pending'`,
          [[...pendingIds]],
        );
        for (const r of rows) {
          pendings.set(r.id, {
            id: r.id,
            debitAccountId: Number(r.debit_account_id),
            creditAccountId: Number(r.credit_account_id),
            amount: Number(r.amount),
            timeoutAt: r.timeout_at,
            purpose: r.hold_purpose,
            resolved: r.resolved,
          });
        }
      }
      const accountIds = new Set<number>();
      for (const ref of refs) {
        const id = this.idsByCode.get(ref.code);
        if (id === undefined) throw new Error(`ledger account ${ref.code} was not created`);
        accountIds.add(id);
      }
      for (const p of pendings.values()) accountIds.add(p.debitAccountId).add(p.creditAccountId);
      const locked = await client.query<AccountRow>(
        `SELECT id, code, debits_must_not_exceed_credits, debits_posted, credits_posted, debits_pending, credits_pending
         FROM ledger_accounts WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
        [[...accountIds]],
      );
      const accountsById = new Map(locked.rows.map((r) => [Number(r.id), toState(r)]));
      const accountsByCode = new Map([...accountsById.values()].map((a) => [a.code, a]));
      const before = new Map([...accountsById.values()].map((a) => [a.id, { ...a }]));

      // 3. Apply each new command in order.
      const written: {
        command: LedgerCommand;
        index: number;
        result: OperationResult;
        transfers: PlannedTransfer[];
      }[] = [];
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
        const operationId = randomUUID();
        const applied = applyCommand(command, operationId, {
          accountsByCode,
          accountsById,
          pendings,
          now,
          newId: randomUUID,
        });
        if (!applied.ok) {
          outcomes[index] = new AppError(applied.failure.code, applied.failure.message);
          return;
        }
        const result: OperationResult = {
          operationId,
          kind: command.kind,
          createdAt: now.toISOString(),
          transfers: applied.transfers.map((t) => ({
            id: t.id,
            leg: t.leg,
            debit: t.debitCode,
            credit: t.creditCode,
            amountCentiCredits: t.amount,
            phase: t.phase,
            ...(t.pendingId === null ? {} : { pendingId: t.pendingId }),
            ...(t.timeoutAt === null ? {} : { timeoutAt: t.timeoutAt.toISOString() }),
          })),
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

      if (written.length > 0) await this.write(client, now, written, accountsById, before);
      return outcomes as (LedgerOutcome | AppError)[];
    });
  }

  private async write(
    client: pg.PoolClient,
    now: Date,
    written: readonly { command: LedgerCommand; result: OperationResult; transfers: PlannedTransfer[] }[],
    accountsById: ReadonlyMap<number, AccountState>,
    before: ReadonlyMap<number, AccountState>,
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
    // The id is drawn under the audit chain's lock, held until commit: batch ids then follow
    // commit order, so a reader that remembers the highest id it saw never skips a batch that
    // drew a lower id and committed later (the notification feeder, automatic invoices).
    await lockAuditChain(client);
    const batchId = Number(
      (await client.query<{ id: string }>("SELECT nextval('ledger_batches_id_seq') AS id")).rows[0]?.id,
    );
    const kinds: Record<string, number> = {};
    for (const w of written) kinds[w.command.kind] = (kinds[w.command.kind] ?? 0) + 1;
    const audit = await appendAudit(client, {
      actor: { label: 'ledger' },
      action: 'ledger.batch',
      subject: { type: 'ledger_batch', id: String(batchId) },
      place: 'cloud',
      detail: { operations: written.length, transfers: transfers.length, digest, kinds },
    });
    await client.query(
      'INSERT INTO ledger_batches (id, committed_at, operation_count, transfer_count, digest, audit_seq) VALUES ($1, $2, $3, $4, $5, $6)',
      [batchId, now, written.length, transfers.length, digest, audit.seq],
    );
    const inserted = await client.query(
      `INSERT INTO ledger_operations (id, batch_id, scope, idempotency_key, request_hash, kind, facts, created_at)
       SELECT u.id, $1, u.scope, u.key, u.hash, u.kind, u.facts, $2
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::json[]) AS u(id, scope, key, hash, kind, facts)
       ON CONFLICT (scope, idempotency_key) DO NOTHING RETURNING id`,
      [
        batchId,
        now,
        written.map((w) => w.result.operationId),
        written.map((w) => w.command.scope),
        written.map((w) => w.command.idempotencyKey),
        written.map((w) => w.command.requestHash),
        written.map((w) => w.command.kind),
        written.map((w) => (w.command.facts === undefined ? null : JSON.stringify(w.command.facts))),
      ],
    );
    if (inserted.rowCount !== written.length) {
      // Another process committed one of these keys since step 1: start the batch again.
      throw Object.assign(new Error('idempotency key raced'), { code: '23505' });
    }
    if (transfers.length > 0) {
      await client.query(
        `INSERT INTO ledger_transfers (id, operation_id, debit_account_id, credit_account_id, amount, leg, phase, pending_id, timeout_at, hold_purpose, created_at)
         SELECT u.*, $10 FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::uuid[], $9::timestamptz[], $11::text[])
           AS u(id, operation_id, debit_account_id, credit_account_id, amount, leg, phase, pending_id, timeout_at, hold_purpose)`,
        [
          transfers.map((t) => t.id),
          transfers.map((t) => t.operationId),
          transfers.map((t) => t.debitAccountId),
          transfers.map((t) => t.creditAccountId),
          transfers.map((t) => t.amount),
          transfers.map((t) => t.leg),
          transfers.map((t) => t.phase),
          transfers.map((t) => t.pendingId),
          transfers.map((t) => t.timeoutAt),
          now,
          transfers.map((t) => t.holdPurpose),
        ],
      );
    }
    const changed = [...accountsById.values()].filter((a) => {
      const b = before.get(a.id);
      return (
        b === undefined ||
        b.debitsPosted !== a.debitsPosted ||
        b.creditsPosted !== a.creditsPosted ||
        b.debitsPending !== a.debitsPending ||
        b.creditsPending !== a.creditsPending
      );
    });
    if (changed.length > 0) {
      await client.query(
        `UPDATE ledger_accounts a SET debits_posted = u.dp, credits_posted = u.cp, debits_pending = u.dq, credits_pending = u.cq
         FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[]) AS u(id, dp, cp, dq, cq) WHERE a.id = u.id`,
        [
          changed.map((a) => a.id),
          changed.map((a) => a.debitsPosted),
          changed.map((a) => a.creditsPosted),
          changed.map((a) => a.debitsPending),
          changed.map((a) => a.creditsPending),
        ],
      );
    }
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
    for (const w of written) if (w.command.extraWrites !== undefined) await w.command.extraWrites(client, w.result);
  }
}
