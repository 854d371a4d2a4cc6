/**
 * Bank reconciliation's shapes as API-issue-27.md states them, written while the cloud's routes are being built; the
 * generated types replace them as the routes land.
 */
export const dateFormats = ['DD/MM/YYYY', 'YYYY-MM-DD', 'DD-MM-YYYY'] as const;
export type DateFormat = (typeof dateFormats)[number];

export interface BankMapping {
  bankName: string;
  delimiter: string;
  dateColumn: string;
  dateFormat: DateFormat;
  amountColumn?: string;
  debitColumn?: string;
  creditColumn?: string;
  referenceColumn?: string;
  nameColumn?: string;
  labelColumn?: string;
}

export interface StatementSummary {
  readonly id: string;
  readonly bankName: string;
  readonly accountIban: string | null;
  readonly fromDate: string | null;
  readonly toDate: string | null;
  readonly openingXof: number | null;
  readonly closingXof: number | null;
  readonly lines: number;
  readonly reconciled: number;
  readonly disputed: number;
  readonly importedAt: string;
}

export type TargetType = 'invoice' | 'ledger';
export const lineStatuses = ['open', 'reconciled', 'split', 'disputed'] as const;
export type LineStatus = (typeof lineStatuses)[number];

export interface Suggestion {
  readonly targetType: TargetType;
  readonly targetId: string;
  readonly label: string;
  readonly amountXof: number;
  readonly date: string;
  readonly score: number;
  readonly reasons: readonly string[];
}

export interface Line {
  readonly id: string;
  readonly bookedOn: string;
  readonly amountXof: number;
  readonly reference: string | null;
  readonly counterpartyName: string | null;
  readonly label: string | null;
  readonly status: LineStatus;
  /** Why the line cannot be reconciled (another currency…), in French; null when it can. */
  readonly problem?: string | null;
  readonly disputeReason?: string | null;
  readonly matches: readonly {
    readonly targetType: TargetType;
    readonly targetId: string;
    readonly amountXof: number;
  }[];
  readonly suggestions: readonly Suggestion[];
}

export interface LineEvent {
  readonly at: string;
  readonly actor: string | null;
  readonly action: string;
  readonly detail: Record<string, unknown> | string | null;
}

export interface SplitPart {
  targetType: TargetType;
  targetId: string;
  amountXof: number;
}
