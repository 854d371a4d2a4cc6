/**
 * A handler's `applyRecorded` built from its effect (issue 29.2): the effect calls `record` inside the transaction
 * that moves its money, with the operation's result, so the outcome commits or rolls back with the money. A crash
 * then leaves either both or neither, and a push that races another (its lock lost) cannot answer "rejected" for money
 * the other moved: whichever outcome is written first stands, and the other's effect rolls back (RecordedElsewhere).
 *
 * Written after the effect instead: a refusal (nothing moved), and an effect the ledger answered as a replay of money
 * moved before outcomes were written with it (its transaction did not run again, so `record` was not called).
 */
import { AppError, type HubOperation, type HubOperationType, type OperationOutcome } from '@ismail/shared';
import type pg from 'pg';
import {
  recordInOrRollBack,
  refusal,
  type Applied,
  type HubOperationHandler,
  type OutcomeRecorder,
  type TypedOperation,
} from './operation-registry.js';
import type { HubRecord } from './registry.js';

/** Called by an effect inside its transaction, last, with the result the hub is answered. */
export type RecordInTransaction = (client: pg.PoolClient, result: unknown) => Promise<void>;

async function recordAfter(
  recorder: OutcomeRecorder,
  hub: HubRecord,
  op: HubOperation,
  applied: Applied,
): Promise<OperationOutcome> {
  const outcome = (await recorder.recordMany(hub, [{ op, applied }])).get(op);
  if (outcome === undefined) throw new Error(`no outcome was recorded for hub operation ${op.id}`);
  return outcome;
}

export function recordingApply<T extends HubOperationType>(
  effect: (hub: HubRecord, op: TypedOperation<T>, record: RecordInTransaction) => Promise<unknown>,
): NonNullable<HubOperationHandler<T>['applyRecorded']> {
  return async (hub, op, recorder) => {
    let recorded: OperationOutcome | undefined;
    let result: unknown;
    try {
      result = await effect(hub, op, async (client, inTransaction) => {
        recorded = await recordInOrRollBack(recorder, client, hub, op, { status: 'applied', result: inTransaction });
      });
    } catch (error) {
      if (error instanceof AppError && error.code !== 'DATABASE_UNAVAILABLE')
        return recordAfter(recorder, hub, op, refusal(error));
      throw error;
    }
    return recorded ?? recordAfter(recorder, hub, op, { status: 'applied', result });
  };
}
