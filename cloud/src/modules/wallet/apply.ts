/**
 * Applies one command's linked legs to locked, in-memory account balances, in order, the
 * way TigerBeetle applies a batch: each command sees the effects of the commands before it
 * in the same batch, and a command whose leg fails leaves no trace (undo log). No I/O: the
 * batcher locks the rows, calls this, then writes what it planned.
 */
import type { CommandFailure, LedgerCommand, AccrualFacts, HoldPurpose } from './ledger-types.js';

export interface AccountState {
  readonly id: number;
  readonly code: string;
  readonly mustNotOverdraw: boolean;
  debitsPosted: number;
  creditsPosted: number;
  debitsPending: number;
  creditsPending: number;
}

export interface PendingState {
  readonly id: string;
  readonly debitAccountId: number;
  readonly creditAccountId: number;
  readonly amount: number;
  readonly timeoutAt: Date | null;
  /** What the hold is for: only a resolution naming the same purpose finds it. */
  readonly purpose: HoldPurpose;
  resolved: boolean;
}

export interface PlannedTransfer {
  readonly id: string;
  readonly operationId: string;
  readonly debitAccountId: number;
  readonly creditAccountId: number;
  readonly debitCode: string;
  readonly creditCode: string;
  readonly amount: number;
  readonly leg: string;
  readonly phase: 'single' | 'pending' | 'post' | 'void';
  readonly pendingId: string | null;
  readonly timeoutAt: Date | null;
  /** A hold's purpose, or the purpose of the hold a post or void resolves; null otherwise. */
  readonly holdPurpose: HoldPurpose | null;
  readonly accrual: AccrualFacts | undefined;
}

export interface ApplyContext {
  readonly accountsByCode: ReadonlyMap<string, AccountState>;
  readonly accountsById: ReadonlyMap<number, AccountState>;
  /** Holds this batch may resolve: read from the database, plus those created earlier in the batch. */
  readonly pendings: Map<string, PendingState>;
  readonly now: Date;
  readonly newId: () => string;
}

export type ApplyOutcome = { ok: true; transfers: PlannedTransfer[] } | { ok: false; failure: CommandFailure };

/** Available = credits - debits - pending debits: a hold counts against what can be spent. */
export function available(account: AccountState): number {
  return account.creditsPosted - account.debitsPosted - account.debitsPending;
}

function isAmount(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

type Field = 'debitsPosted' | 'creditsPosted' | 'debitsPending' | 'creditsPending';

export function applyCommand(command: LedgerCommand, operationId: string, ctx: ApplyContext): ApplyOutcome {
  const undo: (() => void)[] = [];
  const bump = (account: AccountState, field: Field, delta: number): void => {
    account[field] += delta;
    undo.push(() => {
      account[field] -= delta;
    });
  };
  const fail = (code: CommandFailure['code'], message: string): ApplyOutcome => {
    for (const step of undo.reverse()) step();
    return { ok: false, failure: { code, message } };
  };
  const transfers: PlannedTransfer[] = [];

  for (const leg of command.legs) {
    if (leg.type === 'transfer') {
      if (!isAmount(leg.amount))
        return fail('VALIDATION_FAILED', `leg ${leg.leg}: amount must be a positive integer of centi-credits`);
      const debit = ctx.accountsByCode.get(leg.debit.code);
      const credit = ctx.accountsByCode.get(leg.credit.code);
      if (debit === undefined || credit === undefined) throw new Error(`ledger account not locked for leg ${leg.leg}`);
      if (debit.id === credit.id) return fail('VALIDATION_FAILED', `leg ${leg.leg}: an account cannot pay itself`);
      const pending = leg.pendingTimeoutAt !== undefined;
      // A programmer error, not a caller's: every hold is made by code that knows what it is for.
      if (pending && leg.holdPurpose === undefined) throw new Error(`hold leg ${leg.leg} without a purpose`);
      if (leg.overdraftFrom !== undefined && debit.mustNotOverdraw && !pending) {
        const shortfall = leg.amount - available(debit);
        if (shortfall > 0) {
          const lender = ctx.accountsByCode.get(leg.overdraftFrom.code);
          if (lender === undefined) throw new Error(`ledger account not locked for the overdraft of leg ${leg.leg}`);
          if (lender.mustNotOverdraw || lender.id === debit.id)
            return fail('VALIDATION_FAILED', `leg ${leg.leg}: an overdraft is lent by a receivable account`);
          bump(lender, 'debitsPosted', shortfall);
          bump(debit, 'creditsPosted', shortfall);
          transfers.push({
            id: ctx.newId(),
            operationId,
            debitAccountId: lender.id,
            creditAccountId: debit.id,
            debitCode: lender.code,
            creditCode: debit.code,
            amount: shortfall,
            leg: 'overdraft',
            phase: 'single',
            pendingId: null,
            timeoutAt: null,
            holdPurpose: null,
            accrual: undefined,
          });
        }
      }
      bump(debit, pending ? 'debitsPending' : 'debitsPosted', leg.amount);
      bump(credit, pending ? 'creditsPending' : 'creditsPosted', leg.amount);
      if (debit.mustNotOverdraw && available(debit) < 0) {
        return fail(
          'INSUFFICIENT_FUNDS',
          `${debit.code} has ${String(available(debit) + leg.amount)} centi-credits available, ${String(leg.amount)} needed`,
        );
      }
      const id = ctx.newId();
      if (pending) {
        const state: PendingState = {
          id,
          debitAccountId: debit.id,
          creditAccountId: credit.id,
          amount: leg.amount,
          timeoutAt: leg.pendingTimeoutAt ?? null,
          purpose: leg.holdPurpose ?? 'generic',
          resolved: false,
        };
        ctx.pendings.set(id, state);
        undo.push(() => ctx.pendings.delete(id));
      }
      transfers.push({
        id,
        operationId,
        debitAccountId: debit.id,
        creditAccountId: credit.id,
        debitCode: debit.code,
        creditCode: credit.code,
        amount: leg.amount,
        leg: leg.leg,
        phase: pending ? 'pending' : 'single',
        pendingId: null,
        timeoutAt: leg.pendingTimeoutAt ?? null,
        holdPurpose: pending ? (leg.holdPurpose ?? null) : null,
        accrual: leg.accrual,
      });
      continue;
    }

    const hold = ctx.pendings.get(leg.pendingId);
    // A hold of another purpose belongs to another flow: to this one it does not exist (the same
    // answer as no hold at all, so a caller learns nothing about holds it may not touch).
    if (hold === undefined || hold.purpose !== leg.purpose) return fail('HOLD_NOT_FOUND', `no hold ${leg.pendingId}`);
    if (hold.resolved) return fail('HOLD_ALREADY_RESOLVED', `hold ${leg.pendingId} was already resolved`);
    if (leg.type === 'post' && hold.timeoutAt !== null && hold.timeoutAt <= ctx.now && leg.allowAfterTimeout !== true) {
      return fail('HOLD_EXPIRED', `hold ${leg.pendingId} lapsed at ${hold.timeoutAt.toISOString()}`);
    }
    const amount = leg.type === 'post' ? (leg.amount ?? hold.amount) : hold.amount;
    if (!isAmount(amount)) return fail('VALIDATION_FAILED', 'a capture must be a positive integer of centi-credits');
    if (amount > hold.amount)
      return fail(
        'AMOUNT_EXCEEDS_HOLD',
        `capture of ${String(amount)} is more than the hold of ${String(hold.amount)}`,
      );
    const debit = ctx.accountsById.get(hold.debitAccountId);
    const credit = ctx.accountsById.get(hold.creditAccountId);
    if (debit === undefined || credit === undefined) throw new Error(`ledger accounts of hold ${hold.id} not locked`);
    // The whole hold is released; a post then moves the captured part for good.
    bump(debit, 'debitsPending', -hold.amount);
    bump(credit, 'creditsPending', -hold.amount);
    if (leg.type === 'post') {
      bump(debit, 'debitsPosted', amount);
      bump(credit, 'creditsPosted', amount);
    }
    hold.resolved = true;
    undo.push(() => {
      hold.resolved = false;
    });
    transfers.push({
      id: ctx.newId(),
      operationId,
      debitAccountId: debit.id,
      creditAccountId: credit.id,
      debitCode: debit.code,
      creditCode: credit.code,
      amount,
      leg: leg.leg,
      phase: leg.type,
      pendingId: hold.id,
      timeoutAt: null,
      holdPurpose: hold.purpose,
      accrual: undefined,
    });
  }
  return { ok: true, transfers };
}
