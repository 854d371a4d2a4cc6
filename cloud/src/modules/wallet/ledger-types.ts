/**
 * The ledger's vocabulary: accounts named by code, commands made of linked legs, and the
 * result a command returns (and returns again, unchanged, on an idempotent replay).
 * Amounts are integers in hundredths of a credit (centi-credits, SPEC 3.1).
 */
import type pg from 'pg';
import type { ErrorCode } from '@ismail/shared';

export const ledgerAccountKinds = [
  'wallet',
  'revenue',
  'cash_drawer',
  'mm_clearing',
  'commissions_payable',
  'bonus_pool',
  'tax_payable',
  'expired_credits',
  'overdraft_receivable',
  'withdrawals_payable',
] as const;
export type LedgerAccountKind = (typeof ledgerAccountKinds)[number];

/**
 * What a hold is for (migration 0027). A post or void must name the purpose of the hold it
 * resolves, so only the module that owns a hold (which alone writes its purpose) resolves it.
 */
export const holdPurposes = ['generic', 'shop_order', 'booking', 'withdrawal', 'service', 'rent'] as const;
export type HoldPurpose = (typeof holdPurposes)[number];

export interface AccountRef {
  /** Unique name: "wallet:<account id>", "revenue:shop", "cash_drawer:<hub id>", ... */
  readonly code: string;
  readonly kind: LedgerAccountKind;
  /** The person an account belongs to (wallets, commissions payable). */
  readonly ownerAccountId?: string | undefined;
}

/** Wallets may never be overdrawn: debits (posted and pending) never exceed credits. */
export function mustNotOverdraw(kind: LedgerAccountKind): boolean {
  return kind === 'wallet';
}

export interface AccrualFacts {
  readonly beneficiaryId: string;
  readonly role: 'sales_rep' | 'team_lead';
  readonly level: 'junior' | 'senior' | 'lead';
  readonly rateBp: number;
  readonly module: string;
}

export interface TransferLeg {
  readonly type: 'transfer';
  readonly debit: AccountRef;
  readonly credit: AccountRef;
  readonly amount: number;
  /** What the leg is: charge, tax, sales_commission, cashback, top_up, ... */
  readonly leg: string;
  /** Makes the leg a pending hold that lapses at this time unless posted first. */
  readonly pendingTimeoutAt?: Date | undefined;
  /** A pending leg's purpose (required with pendingTimeoutAt): who may resolve it. */
  readonly holdPurpose?: HoldPurpose | undefined;
  /** A sales commission leg also writes an accrual row (statements, simulation). */
  readonly accrual?: AccrualFacts | undefined;
  /**
   * Facts that already happened (an offline debit at a hub, SPEC 3.8) cannot be refused for
   * want of funds: the shortfall is lent to the wallet from this account first (a leg named
   * "overdraft"), so the wallet never goes below zero and the debt is on the books.
   */
  readonly overdraftFrom?: AccountRef | undefined;
}

export interface ResolveLeg {
  readonly type: 'post' | 'void';
  readonly pendingId: string;
  /** The purpose of the hold this resolves: a hold of another purpose is not found. */
  readonly purpose: HoldPurpose;
  /** Post only: capture part of the hold (the rest is released). Default: all of it. */
  readonly amount?: number | undefined;
  readonly leg: string;
  /** Expiry voids a lapsed hold; a user's post after the timeout is refused. */
  readonly allowAfterTimeout?: boolean;
}

export type Leg = TransferLeg | ResolveLeg;

export interface ConsumptionFacts {
  readonly consumerAccountId: string;
  readonly module: string;
  readonly tariffCode: string;
  readonly partnerCategory: string | null;
  readonly amount: number;
  readonly salesRepId: string | null;
  readonly repActivePartners: number | null;
  readonly teamLeadIds: readonly string[];
}

export interface TransferResult {
  readonly id: string;
  readonly leg: string;
  readonly debit: string;
  readonly credit: string;
  readonly amountCentiCredits: number;
  readonly phase: 'single' | 'pending' | 'post' | 'void';
  readonly pendingId?: string;
  readonly timeoutAt?: string;
}

export interface OperationResult {
  readonly operationId: string;
  readonly kind: string;
  readonly createdAt: string;
  readonly transfers: readonly TransferResult[];
  /** Operation-specific facts for the caller (never secrets): amounts in francs, rates, ... */
  readonly facts?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface LedgerCommand {
  /** Who chose the key; keys are unique per scope only. */
  readonly scope: string;
  readonly idempotencyKey: string;
  /** SHA-256 hex of the canonical request (see requestHash). */
  readonly requestHash: string;
  readonly kind: string;
  /** Linked: all legs commit together or none does. */
  readonly legs: readonly Leg[];
  readonly facts?: OperationResult['facts'];
  readonly consumption?: ConsumptionFacts | undefined;
  /** Rare operations' own rows (statements, payment status), in the same transaction. */
  readonly extraWrites?: ((client: pg.PoolClient, result: OperationResult) => Promise<void>) | undefined;
}

export interface LedgerOutcome {
  readonly result: OperationResult;
  /** True when this is the stored result of an earlier request with the same key. */
  readonly replayed: boolean;
}

/** A business refusal of one command (the rest of its batch is unaffected). */
export interface CommandFailure {
  readonly code: ErrorCode;
  readonly message: string;
}
