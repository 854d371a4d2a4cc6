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
 * - One push per hub at a time: queued in this process, and across processes under the hub's
 *   PostgreSQL advisory lock (push-lock.ts). The lock orders; the unique (hub, operation id) of
 *   an outcome written in its effect's transaction is what keeps an operation once.
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
import { earlyOutcome, waiting } from './early-outcomes.js';
import { HubSequence } from './hub-sequence.js';
import { OperationOutcomes } from './operation-outcomes.js';
import { hubPushLock, type HubPushLock } from './push-lock.js';
import {
  outcomeOf,
  refusal,
  RecordedElsewhere,
  type Applied,
  type HubOperationRegistry,
  type TypedOperation,
} from './operation-registry.js';
import type { HubRecord } from './registry.js';

export class HubSync {
  private readonly outcomes: OperationOutcomes;
  private readonly sequence: HubSequence;
  private readonly lock: HubPushLock;

  /** One push at a time per hub in this process: a first gate, so one process holds one lock connection per hub. */
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Database,
    private readonly operations: HubOperationRegistry,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.outcomes = new OperationOutcomes(db);
    this.sequence = new HubSequence(db);
    this.lock = hubPushLock(db);
  }

  /** Closes the lock's connections (the app's close). */
  close(): Promise<void> {
    return this.lock.close();
  }

  async push(hub: HubRecord, operations: readonly HubOperation[], hubClock?: Date): Promise<PushResponse> {
    const previous = this.running.get(hub.id) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(() => this.lock.withLock(hub.id, () => this.pushNow(hub, operations, hubClock)));
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
    await this.sequence.catchUp(hub.id);
    let expected = (await this.sequence.lastApplied(hub.id)) + 1;
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
      await this.sequence.catchUp(hub.id);
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
      outcomes.set(op.id, await this.applyRecorded(hub, op, valid));
    }
    await flush();
    await this.sequence.catchUp(hub.id);
    const serverTime = this.now();
    await this.sequence.seen(hub.id, serverTime, hubClock);
    return {
      outcomes: sorted.map((op) => outcomes.get(op.id) ?? { id: op.id, seq: op.seq, status: 'not_applied' }),
      expectedSeq: (await this.sequence.lastApplied(hub.id)) + 1,
      serverTime: serverTime.toISOString(),
    };
  }

  /** Applies one operation and records its outcome: in its effect's transaction when its handler can. */
  private async applyRecorded(hub: HubRecord, op: HubOperation, valid: boolean): Promise<OperationOutcome> {
    const applyRecorded = valid ? this.operations.handlerOf(op.type)?.applyRecorded : undefined;
    if (applyRecorded === undefined) return this.record(hub, op, await this.applyOne(hub, op, valid));
    try {
      return await applyRecorded(hub, op as TypedOperation<typeof op.type>, this.outcomes);
    } catch (error) {
      if (error instanceof RecordedElsewhere) return { id: op.id, seq: op.seq, status: 'duplicate' };
      throw error;
    }
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
}
