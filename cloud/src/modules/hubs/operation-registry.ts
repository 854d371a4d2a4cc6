/**
 * How the cloud applies each type of hub operation (issue 21.3): the module that owns a type
 * registers its handler here; `sync-push.ts` keeps only ordering and exactly-once.
 *
 * A handler applies one operation (its effect idempotent on the operation id), or a run of
 * consecutive operations of the same `runKey` together (one transaction, one group commit),
 * recording their outcomes itself through the recorder so each outcome is written with its
 * effect. The payload reaching a handler has passed its shared schema (hubOperationPayloadSchemas).
 * A refusal is an AppError: recorded as "rejected" with its code; anything else fails the push.
 */
import type pg from 'pg';
import type { AppError, HubOperation, HubOperationPayload, HubOperationType, OperationOutcome } from '@ismail/shared';
import type { HubRecord } from './registry.js';

export type Applied = { status: 'applied'; result: unknown } | { status: 'rejected'; reason: string; code: string };

/** An operation whose payload passed its type's schema. */
export type TypedOperation<T extends HubOperationType> = Omit<HubOperation, 'type' | 'payload'> & {
  readonly type: T;
  readonly payload: HubOperationPayload<T>;
};

/** Writes outcomes exactly once per hub and operation id (another process may have written one first: a duplicate). */
export interface OutcomeRecorder {
  /** Inside the effect's transaction; false when another process recorded it first. */
  recordIn(client: pg.PoolClient, hub: HubRecord, op: HubOperation, applied: Applied): Promise<boolean>;
  /** Several outcomes inside the effects' transaction, in one statement (the hub's sequence moved with them). */
  recordManyIn(
    client: pg.PoolClient,
    hub: HubRecord,
    items: readonly { op: HubOperation; applied: Applied }[],
  ): Promise<Map<HubOperation, OperationOutcome>>;
  /** Several outcomes in one transaction of their own. */
  recordMany(
    hub: HubRecord,
    items: readonly { op: HubOperation; applied: Applied }[],
  ): Promise<Map<HubOperation, OperationOutcome>>;
}

export interface HubOperationHandler<T extends HubOperationType> {
  readonly type: T;
  /** What a valid payload is, for the refusal of one that is not ("a Z report"). */
  readonly describes: string;
  /** Operations of one run key, consecutive in the hub's order, are applied by `applyRun` together; null: alone. */
  readonly runKey?: (op: TypedOperation<T>) => string | null;
  /** The longest run handed over at once (bounds a transaction's locks and size). */
  readonly runMax?: number;
  readonly apply: (hub: HubRecord, op: TypedOperation<T>) => Promise<unknown>;
  /**
   * Applies one operation recording its outcome itself, in the transaction that moves its money (recordIn there;
   * a refusal or a ledger replay through `recordMany`): when present, sync-push takes it instead of `apply`.
   */
  readonly applyRecorded?: (
    hub: HubRecord,
    op: TypedOperation<T>,
    recorder: OutcomeRecorder,
  ) => Promise<OperationOutcome>;
  /** The refusal of a payload that failed its schema, when the module names it better than VALIDATION_FAILED. */
  readonly invalidRefusal?: (payload: unknown) => AppError | null;
  readonly applyRun?: (
    hub: HubRecord,
    run: readonly TypedOperation<T>[],
    recorder: OutcomeRecorder,
  ) => Promise<Map<HubOperation, OperationOutcome>>;
}

/** A handler of any one type. */
export type SomeHubOperationHandler = { [T in HubOperationType]: HubOperationHandler<T> }[HubOperationType];
// Stored without its type parameter: the registry hands each operation to its own type's handler only.
type AnyHandler = HubOperationHandler<HubOperationType>;

export class HubOperationRegistry {
  private readonly handlers = new Map<HubOperationType, AnyHandler>();

  register(handler: SomeHubOperationHandler): void {
    if (this.handlers.has(handler.type)) throw new Error(`hub operation ${handler.type} has two handlers`);
    this.handlers.set(handler.type, handler as unknown as AnyHandler);
  }

  handlerOf(type: HubOperationType): AnyHandler | undefined {
    return this.handlers.get(type);
  }

  types(): HubOperationType[] {
    return [...this.handlers.keys()];
  }
}

/**
 * Thrown inside an effect's transaction when its outcome was already recorded (by another process whose push ran while
 * this one had lost its lock): the effect rolls back, and the operation is answered "duplicate" with what was recorded.
 */
export class RecordedElsewhere extends Error {
  constructor(readonly op: HubOperation) {
    super(`hub operation ${op.id} was recorded by another push`);
  }
}

/** The outcome recorded in the effect's transaction, or a RecordedElsewhere that rolls the effect back. */
export async function recordInOrRollBack(
  recorder: OutcomeRecorder,
  client: pg.PoolClient,
  hub: HubRecord,
  op: HubOperation,
  applied: Applied,
): Promise<OperationOutcome> {
  if (!(await recorder.recordIn(client, hub, op, applied))) throw new RecordedElsewhere(op);
  return outcomeOf(op, applied, true);
}

/** A refusal as recorded: its stable code, and words for staff with the code first. */
export function refusal(error: AppError): Applied {
  return { status: 'rejected', code: error.code, reason: `${error.code}: ${error.message}`.slice(0, 500) };
}

/** The outcome a hub reads for an operation recorded (or found recorded by another process). */
export function outcomeOf(op: HubOperation, applied: Applied, recorded: boolean): OperationOutcome {
  if (!recorded) return { id: op.id, seq: op.seq, status: 'duplicate' };
  return applied.status === 'applied'
    ? { id: op.id, seq: op.seq, status: 'applied', result: applied.result }
    : { id: op.id, seq: op.seq, status: 'rejected', reason: applied.reason, code: applied.code };
}

/** A hub operation's ledger context: the hub acts, in its own idempotency scope, keyed by the operation id. */
export function hubWriteContext(
  hub: HubRecord,
  op: HubOperation,
): { actor: { label: string }; scope: string; idempotencyKey: string } {
  return { actor: { label: `hub:${hub.id}` }, scope: `hub:${hub.id}`, idempotencyKey: op.id };
}
