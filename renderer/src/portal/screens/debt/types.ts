/**
 * What the debtor's screens read of the debt collection module (API.md): the parts each screen uses, which the typed
 * client's answers (generated from the cloud's OpenAPI document) are checked against where they are passed on.
 */
export type DebtStatus = 'open' | 'in_reminder' | 'promise' | 'plan' | 'disputed' | 'paid' | 'written_off' | 'legal';
export const debtStatusKeys = [
  'open',
  'in_reminder',
  'promise',
  'plan',
  'disputed',
  'paid',
  'written_off',
  'legal',
] as const satisfies readonly DebtStatus[];
/** Closed files are listed apart, below the open ones. */
export const closedStatuses: readonly string[] = ['paid', 'written_off'];

export interface DebtFile {
  readonly id: string;
  readonly creditorId: string | null;
  readonly creditorName: string;
  readonly debtorId: string | null;
  readonly debtorName: string;
  readonly source: string;
  readonly label: string;
  readonly principalXof: number;
  readonly feesXof: number;
  readonly paidXof: number;
  readonly leftXof: number;
  readonly dueOn: string;
  readonly status: string;
  readonly closedAt: string | null;
  readonly flags?: {
    readonly promise: 'pending' | 'broken' | null;
    readonly plan: 'active' | 'broken' | null;
    readonly disputed: boolean;
  };
}

export interface DebtEvent {
  readonly kind: string;
  readonly amountXof: number | null;
  readonly detail: Record<string, unknown>;
  readonly actor: string;
  readonly at: string;
}

export interface DebtPayment {
  readonly id: string;
  readonly fileId: string;
  readonly amountXof: number;
  readonly feesPartXof: number;
  readonly principalPartXof: number;
  readonly method: string;
  readonly reference: string | null;
  readonly at: string;
  readonly leftXof: number;
}

export interface DebtPromise {
  readonly id: string;
  readonly amountXof: number;
  readonly promisedOn: string;
  readonly status: 'pending' | 'kept' | 'broken' | 'cancelled';
  readonly createdAt: string;
  readonly resolvedAt: string | null;
}

export interface DebtPlan {
  readonly id: string;
  readonly status: string;
  readonly graceDays: number;
  readonly instalments: readonly { seq: number; dueOn: string; amountXof: number; coveredXof: number }[];
  readonly createdAt: string;
}

export interface DebtDispute {
  readonly id: string;
  readonly reason: string;
  readonly status: string;
  readonly resolution: string | null;
  readonly openedAt: string;
  readonly resolvedAt: string | null;
}

export interface DebtTask {
  readonly id: string;
  readonly kind: 'call' | 'letter' | 'legal';
  readonly dueOn: string;
  readonly status: string;
}

export interface Lifecycle {
  readonly promises: readonly DebtPromise[];
  readonly plans: readonly DebtPlan[];
  readonly disputes: readonly DebtDispute[];
  readonly tasks: readonly DebtTask[];
}

export interface Reminder {
  readonly id: string;
  readonly day: string;
  readonly channels: readonly string[];
  readonly status: string;
  readonly totalDueXof: number;
  readonly sentAt: string | null;
  readonly attempts: readonly { channel: string; status: string; destinationMasked: string | null; at: string }[];
}

export const optOutChannels = ['sms', 'email', 'push'] as const;
export type OptOutChannel = (typeof optOutChannels)[number];
