/**
 * Applying a hub's pushed operations (SPEC 3.8): exactly once, and in the hub's own order.
 * What each operation does is its module's handler (operation-registry.ts); this file keeps
 * the order and the exactly-once.
 *
 * - Exactly once: each operation's effect is idempotent on its own (keyed by the operation id
 *   in the hub's scope), and its outcome is recorded under (hub, operation id). Pushed again,
 *   it is answered "duplicate" with the first result; a crash between the effect and the
 *   record replays the effect harmlessly.
 * - In order: operation n + 1 is applied only after n. A gap stops the batch ("not applied",
 *   with the sequence the cloud expects); the hub sends again from there.
 * - A business refusal is recorded as "rejected" with its code and reason, for staff to see,
 *   and the sequence moves on: one bad operation never blocks a counter's day. Anything else
 *   (the database down) fails the push, and the hub retries later.
 */
import { Value } from '@sinclair/typebox/value';
import {
  AppError,
  hubOperationPayloadSchemas,
  type HubOperation,
  type OperationOutcome,
  type PushResponse,
} from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { OperationOutcomes, contentHash, type SeenRow } from './operation-outcomes.js';
import {
  outcomeOf,
  refusal,
  type Applied,
  type HubOperationRegistry,
  type TypedOperation,
} from './operation-registry.js';
import type { HubRecord } from './registry.js';

export class HubSync {
  private readonly outcomes: OperationOutcomes;

  /** One push at a time per hub in this process (the database settles races between processes). */
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Database,
    private readonly operations: HubOperationRegistry,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.outcomes = new OperationOutcomes(db);
  }

  async push(hub: HubRecord, operations: readonly HubOperation[], hubClock?: Date): Promise<PushResponse> {
    const previous = this.running.get(hub.id) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.pushNow(hub, operations, hubClock));
    this.running.set(hub.id, run);
    try {
      return await run;
    } finally {
      if (this.running.get(hub.id) === run) this.running.delete(hub.id);
    }
  }

  private async pushNow(hub: HubRecord, operations: readonly HubOperation[], hubClock?: Date): Promise<PushResponse> {
    const sorted = [...operations].sort((a, b) => a.seq - b.seq);
    const outcomes = new Map<string, OperationOutcome>();
    // A push cut after recording outcomes but before moving the sequence left it behind: move it first.
    await this.catchUp(hub.id);
    let expected = (await this.lastApplied(hub.id)) + 1;
    let blocked = false;
    const seen = await this.outcomes.alreadySent(hub.id, sorted);
    // Consecutive operations of one run key go to their handler together.
    let run: HubOperation[] = [];
    let runKey: string | null = null;
    const flush = async (): Promise<void> => {
      const pending = run;
      run = [];
      runKey = null;
      const first = pending[0];
      if (first === undefined) return;
      const applyRun = this.operations.handlerOf(first.type)?.applyRun;
      if (applyRun === undefined) throw new Error(`no run handler for ${first.type}`);
      const applied = await applyRun(hub, pending as TypedOperation<typeof first.type>[], this.outcomes);
      for (const [op, outcome] of applied) outcomes.set(op.id, outcome);
      await this.catchUp(hub.id);
    };
    for (const op of sorted) {
      const early: OperationOutcome | null = blocked
        ? waiting(op, expected)
        : earlyOutcome(op, seen.get(op.id), expected);
      if (early !== null) {
        outcomes.set(op.id, early);
        blocked ||= early.status === 'not_applied';
        continue;
      }
      expected = op.seq + 1;
      const handler = this.operations.handlerOf(op.type);
      const valid = Value.Check(hubOperationPayloadSchemas[op.type], op.payload);
      const key =
        handler !== undefined && valid ? (handler.runKey?.(op as TypedOperation<typeof op.type>) ?? null) : null;
      if (key !== null) {
        if (key !== runKey || run.length >= (handler?.runMax ?? Infinity)) await flush();
        runKey = key;
        run.push(op);
        continue;
      }
      await flush();
      outcomes.set(op.id, await this.record(hub, op, await this.applyOne(hub, op, valid)));
    }
    await flush();
    await this.catchUp(hub.id);
    const serverTime = this.now();
    const skewMs =
      hubClock === undefined
        ? null
        : Math.max(-2_000_000_000, Math.min(2_000_000_000, hubClock.getTime() - serverTime.getTime()));
    await this.db.pool.query(
      'UPDATE hubs SET last_seen_at = $2, last_clock_skew_ms = coalesce($3, last_clock_skew_ms) WHERE id = $1',
      [hub.id, serverTime, skewMs],
    );
    return {
      outcomes: sorted.map((op) => outcomes.get(op.id) ?? { id: op.id, seq: op.seq, status: 'not_applied' }),
      expectedSeq: (await this.lastApplied(hub.id)) + 1,
      serverTime: serverTime.toISOString(),
    };
  }

  private async applyOne(hub: HubRecord, op: HubOperation, valid: boolean): Promise<Applied> {
    const handler = this.operations.handlerOf(op.type);
    if (handler === undefined)
      return refusal(new AppError('VALIDATION_FAILED', `this cloud does not take ${op.type} operations`));
    if (!valid)
      return refusal(
        handler.invalidRefusal?.(op.payload) ??
          new AppError('VALIDATION_FAILED', `payload is not ${handler.describes}`),
      );
    try {
      return { status: 'applied', result: await handler.apply(hub, op as TypedOperation<typeof op.type>) };
    } catch (error) {
      if (error instanceof AppError && error.code !== 'DATABASE_UNAVAILABLE') return refusal(error);
      throw error;
    }
  }

  /** Records an operation's outcome (exactly once per hub and id) and moves the hub's sequence on. */
  private async record(hub: HubRecord, op: HubOperation, applied: Applied): Promise<OperationOutcome> {
    // Another cloud process recorded it first: its effect and ours were the same one.
    return outcomeOf(
      op,
      applied,
      await withTransaction(this.db.pool, (client) => this.outcomes.recordIn(client, hub, op, applied)),
    );
  }

  /** Moves the hub's sequence over outcomes recorded ahead of it (a pipelined run whose middle was recorded late). */
  private async catchUp(hubId: string): Promise<void> {
    const last = await this.lastApplied(hubId);
    const { rows } = await this.db.pool.query<{ seq: string }>(
      'SELECT seq FROM hub_operations WHERE hub_id = $1 AND seq > $2 ORDER BY seq LIMIT 100000',
      [hubId, last],
    );
    let top = last;
    for (const row of rows) {
      if (Number(row.seq) !== top + 1) break;
      top++;
    }
    if (top > last)
      await this.db.pool.query('UPDATE hubs SET last_applied_seq = $3 WHERE id = $1 AND last_applied_seq = $2', [
        hubId,
        last,
        top,
      ]);
  }

  private async lastApplied(hubId: string): Promise<number> {
    const { rows } = await this.db.pool.query<{ last_applied_seq: string }>(
      'SELECT last_applied_seq FROM hubs WHERE id = $1',
      [hubId],
    );
    return Number(rows[0]?.last_applied_seq ?? 0);
  }
}

const waiting = (op: HubOperation, expected: number): OperationOutcome => ({
  id: op.id,
  seq: op.seq,
  status: 'not_applied',
  reason: `waiting for operation ${String(expected)}`,
});
const conflict = (op: HubOperation, why: string): OperationOutcome => ({
  id: op.id,
  seq: op.seq,
  status: 'rejected',
  code: 'CONFLICT',
  reason: `CONFLICT: ${why}`,
});

/** The answer without applying: sent before (duplicate or conflict), a sequence already taken, or a gap. */
function earlyOutcome(op: HubOperation, earlier: SeenRow | undefined, expected: number): OperationOutcome | null {
  if (earlier !== undefined) {
    if (earlier.content_hash !== contentHash(op) || Number(earlier.seq) !== op.seq)
      return conflict(op, 'this operation id was already used for another operation');
    return {
      id: op.id,
      seq: op.seq,
      status: 'duplicate',
      ...(earlier.reason === null ? {} : { reason: earlier.reason }),
      ...(earlier.code === null ? {} : { code: earlier.code }),
      ...(earlier.result === null ? {} : { result: earlier.result }),
    };
  }
  if (op.seq < expected) return conflict(op, `sequence ${String(op.seq)} already holds another operation`);
  return op.seq > expected ? waiting(op, expected) : null;
}
