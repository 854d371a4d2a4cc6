/**
 * Applies one command's linked legs to locked, in-memory account balances, in order, the
 * way TigerBeetle applies a batch: each command sees the effects of the commands before it
 * in the same batch, and a command whose leg fails leaves no trace (undo log). No I/O: the
 * batcher locks the rows, calls this, then writes what it planned.
 */
import type {
  AccrualFacts,
  CommandFailure,
  HoldPurpose,
  LedgerCommand,
  ResolveLeg,
  TransferLeg,
} from './ledger-types.js';

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

/** The balance changes one command has made so far, undone in reverse when a later leg fails. */
class UndoLog {
  private readonly steps: (() => void)[] = [];

  bump(account: AccountState, field: Field, delta: number): void {
    account[field] += delta;
    this.steps.push(() => {
      account[field] -= delta;
    });
  }

  onUndo(step: () => void): void {
    this.steps.push(step);
  }

  undo(): void {
    for (const step of this.steps.reverse()) step();
  }
}

/** A leg's planned transfers, or why the whole command fails. */
type LegResult = PlannedTransfer[] | CommandFailure;

const failure = (code: CommandFailure['code'], message: string): CommandFailure => ({ code, message });

export function applyCommand(command: LedgerCommand, operationId: string, ctx: ApplyContext): ApplyOutcome {
  const log = new UndoLog();
  const transfers: PlannedTransfer[] = [];
  for (const leg of command.legs) {
    const result =
      leg.type === 'transfer' ? applyTransfer(leg, operationId, ctx, log) : applyResolution(leg, operationId, ctx, log);
    if (!Array.isArray(result)) {
      log.undo();
      return { ok: false, failure: result };
    }
    transfers.push(...result);
  }
  return { ok: true, transfers };
}

/** A transfer leg: posted at once, or held (pending) until resolved; a wallet short of it may borrow (overdraft). */
function applyTransfer(leg: TransferLeg, operationId: string, ctx: ApplyContext, log: UndoLog): LegResult {
  if (!isAmount(leg.amount))
    return failure('VALIDATION_FAILED', `leg ${leg.leg}: amount must be a positive integer of centi-credits`);
  const debit = ctx.accountsByCode.get(leg.debit.code);
  const credit = ctx.accountsByCode.get(leg.credit.code);
  if (debit === undefined || credit === undefined) throw new Error(`ledger account not locked for leg ${leg.leg}`);
  if (debit.id === credit.id) return failure('VALIDATION_FAILED', `leg ${leg.leg}: an account cannot pay itself`);
  const pending = leg.pendingTimeoutAt !== undefined;
  // A programmer error, not a caller's: every hold is made by code that knows what it is for.
  if (pending && leg.holdPurpose === undefined) throw new Error(`hold leg ${leg.leg} without a purpose`);
  const planned: PlannedTransfer[] = [];
  if (leg.overdraftFrom !== undefined && debit.mustNotOverdraw && !pending) {
    const lent = lendShortfall(leg, debit, operationId, ctx, log);
    if (!Array.isArray(lent)) return lent;
    planned.push(...lent);
  }
  log.bump(debit, pending ? 'debitsPending' : 'debitsPosted', leg.amount);
  log.bump(credit, pending ? 'creditsPending' : 'creditsPosted', leg.amount);
  if (debit.mustNotOverdraw && available(debit) < 0) {
    return failure(
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
    log.onUndo(() => ctx.pendings.delete(id));
  }
  planned.push({
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
  return planned;
}

/** The part of a leg the wallet cannot cover, lent by its receivable account (an offline overdraft settling). */
function lendShortfall(
  leg: TransferLeg,
  debit: AccountState,
  operationId: string,
  ctx: ApplyContext,
  log: UndoLog,
): LegResult {
  const shortfall = leg.amount - available(debit);
  if (shortfall <= 0 || leg.overdraftFrom === undefined) return [];
  const lender = ctx.accountsByCode.get(leg.overdraftFrom.code);
  if (lender === undefined) throw new Error(`ledger account not locked for the overdraft of leg ${leg.leg}`);
  if (lender.mustNotOverdraw || lender.id === debit.id)
    return failure('VALIDATION_FAILED', `leg ${leg.leg}: an overdraft is lent by a receivable account`);
  log.bump(lender, 'debitsPosted', shortfall);
  log.bump(debit, 'creditsPosted', shortfall);
  return [
    {
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
    },
  ];
}

/** A post (capture, in full or in part) or a void of a hold of the same purpose. */
function applyResolution(leg: ResolveLeg, operationId: string, ctx: ApplyContext, log: UndoLog): LegResult {
  const hold = ctx.pendings.get(leg.pendingId);
  // A hold of another purpose belongs to another flow: to this one it does not exist (the same
  // answer as no hold at all, so a caller learns nothing about holds it may not touch).
  if (hold === undefined || hold.purpose !== leg.purpose) return failure('HOLD_NOT_FOUND', `no hold ${leg.pendingId}`);
  if (hold.resolved) return failure('HOLD_ALREADY_RESOLVED', `hold ${leg.pendingId} was already resolved`);
  if (leg.type === 'post' && hold.timeoutAt !== null && hold.timeoutAt <= ctx.now && leg.allowAfterTimeout !== true) {
    return failure('HOLD_EXPIRED', `hold ${leg.pendingId} lapsed at ${hold.timeoutAt.toISOString()}`);
  }
  const amount = leg.type === 'post' ? (leg.amount ?? hold.amount) : hold.amount;
  if (!isAmount(amount)) return failure('VALIDATION_FAILED', 'a capture must be a positive integer of centi-credits');
  if (amount > hold.amount)
    return failure(
      'AMOUNT_EXCEEDS_HOLD',
      `capture of ${String(amount)} is more than the hold of ${String(hold.amount)}`,
    );
  const debit = ctx.accountsById.get(hold.debitAccountId);
  const credit = ctx.accountsById.get(hold.creditAccountId);
  if (debit === undefined || credit === undefined) throw new Error(`ledger accounts of hold ${hold.id} not locked`);
  // The whole hold is released; a post then moves the captured part for good.
  log.bump(debit, 'debitsPending', -hold.amount);
  log.bump(credit, 'creditsPending', -hold.amount);
  if (leg.type === 'post') {
    log.bump(debit, 'debitsPosted', amount);
    log.bump(credit, 'creditsPosted', amount);
  }
  hold.resolved = true;
  log.onUndo(() => {
    hold.resolved = false;
  });
  return [
    {
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
    },
  ];
}
