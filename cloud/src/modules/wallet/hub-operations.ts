/**
 * The wallet's hub operation: cash taken at a counter for credits (`wallet.cash_top_up`),
 * for an account or the holder of a scanned card, within the hub's signed daily cash
 * ceiling (raised in the top-up's own transaction).
 */
import { AppError, type HubOperation, type OperationOutcome } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import {
  hubWriteContext,
  outcomeOf,
  recordInOrRollBack,
  RecordedElsewhere,
  refusal,
  type Applied,
  type HubOperationHandler,
  type OutcomeRecorder,
  type TypedOperation,
} from '../hubs/operation-registry.js';
import type { HubRecord } from '../hubs/registry.js';
import { cardNotAccepted, hubMoneyTime, recordCashTopUp } from '../hubs/wallet-claims.js';
import type { OperationResult } from './ledger-types.js';
import type { WalletOperations } from './operations.js';

type TopUp = TypedOperation<'wallet.cash_top_up'>;

/** The holder of an ISMAIL ID scanned at the counter; an unknown one is refused without saying so. */
async function accountByIsmailId(db: Database, ismailId: string): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    "SELECT id FROM accounts WHERE ismail_id = $1 AND status <> 'closed'",
    [ismailId],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw cardNotAccepted();
  return id;
}

export function walletHubOperations(deps: {
  db: Database;
  ops: WalletOperations;
  now?: () => Date;
}): HubOperationHandler<'wallet.cash_top_up'> {
  const now = deps.now ?? (() => new Date());
  const resultOf = (result: OperationResult) => ({
    operationId: result.operationId,
    centiCredits: result.transfers[0]?.amountCentiCredits ?? 0,
  });
  /** The top-up's command; with a recorder, its outcome is written in the ledger transaction that credits it. */
  const prepare = async (hub: HubRecord, op: TopUp, recorder?: OutcomeRecorder) => {
    const payload = op.payload;
    const accountId = 'accountId' in payload ? payload.accountId : await accountByIsmailId(deps.db, payload.ismailId);
    const { at } = await hubMoneyTime(deps.db, hub, op, now(), false);
    // The drawer's day, raised within the signed cash ceiling in the top-up's own transaction.
    return deps.ops.prepareCashTopUp(
      hubWriteContext(hub, op),
      { accountId, hubId: hub.id, amountXof: payload.amountXof },
      async (client, result) => {
        await recordCashTopUp(client, hub, at, payload.amountXof, hub.cashTopUpPerDayXof);
        if (recorder !== undefined)
          await recordInOrRollBack(recorder, client, hub, op, { status: 'applied', result: resultOf(result) });
      },
    );
  };

  /**
   * A run of consecutive cash top-ups: the commands are prepared together (reads only), then
   * submitted strictly in order without waiting for each, so the ledger's queue keeps their
   * order and commits them in few transactions (group commit), each top-up's outcome written in
   * the transaction that credits it (a crash leaves no credit without its outcome). Refusals, and
   * a replay of credits an older cloud made without their outcome, are recorded after, in one
   * transaction.
   */
  const applyRun = async (
    hub: HubRecord,
    run: readonly TopUp[],
    recorder: OutcomeRecorder,
  ): Promise<Map<HubOperation, OperationOutcome>> => {
    const prepared = await Promise.all(
      run.map((op) =>
        prepare(hub, op, recorder).then(
          (command) => ({ ok: true as const, command }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
      ),
    );
    // Every outcome is caught as it settles: none goes unhandled while another is awaited.
    const settled = await Promise.all(
      prepared.map((ready) =>
        ready.ok
          ? deps.ops.submitPrepared(ready.command).then(
              (value) => ({ ok: true as const, value }),
              (error: unknown) => ({ ok: false as const, error }),
            )
          : Promise.resolve(ready),
      ),
    );
    const outcomes: { op: HubOperation; applied: Applied }[] = [];
    const recorded = new Map<HubOperation, OperationOutcome>();
    let failure: Error | undefined;
    for (const [i, op] of run.entries()) {
      const outcome = settled[i];
      if (outcome === undefined) break;
      if (outcome.ok) {
        const applied: Applied = { status: 'applied', result: resultOf(outcome.value.result) };
        // Credited now: recorded with the credit. A replay: credited earlier, its outcome recorded here.
        if (outcome.value.replayed) outcomes.push({ op, applied });
        else recorded.set(op, outcomeOf(op, applied, true));
      } else if (outcome.error instanceof RecordedElsewhere) {
        recorded.set(op, outcomeOf(op, refusal(new AppError('CONFLICT', 'recorded by another push')), false));
      } else if (outcome.error instanceof AppError && outcome.error.code !== 'DATABASE_UNAVAILABLE') {
        outcomes.push({ op, applied: refusal(outcome.error) });
      } else {
        // What came before is recorded; the push fails and the hub sends the rest again.
        failure =
          outcome.error instanceof Error ? outcome.error : new Error('the ledger failed', { cause: outcome.error });
        break;
      }
    }
    const late = await recorder.recordMany(hub, outcomes);
    if (failure !== undefined) throw failure;
    // In the run's order.
    return new Map(
      run.flatMap((op) => {
        const outcome = recorded.get(op) ?? late.get(op);
        return outcome === undefined ? [] : [[op, outcome] as const];
      }),
    );
  };

  return {
    type: 'wallet.cash_top_up',
    describes: 'a cash top-up',
    runKey: () => 'cash_top_up',
    apply: async (hub, op) => resultOf((await deps.ops.submitPrepared(await prepare(hub, op))).result),
    applyRun,
  };
}
