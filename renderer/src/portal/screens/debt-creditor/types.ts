/**
 * The debt collection shapes the creditor's screens read, as API.md (issue 26) states them. Written here while the
 * cloud's routes are being built; the generated types replace them route by route as they land.
 */
export const debtStatuses = [
  'open',
  'in_reminder',
  'promise',
  'plan',
  'disputed',
  'paid',
  'written_off',
  'legal',
] as const;
export type DebtStatus = (typeof debtStatuses)[number];
/** Statuses after which nothing more happens on a file (no payment, no action). */
export const closedStatuses: readonly DebtStatus[] = ['paid', 'written_off'];

export interface DebtFile {
  id: string;
  creditorId: string | null;
  creditorName: string;
  debtorId: string | null;
  debtorName: string;
  debtorPhone?: string | null;
  debtorEmail?: string | null;
  source: string;
  sourceRef: string;
  label: string;
  principalXof: number;
  feesXof: number;
  paidXof: number;
  leftXof: number;
  dueOn: string;
  status: DebtStatus;
  assignedAgentId?: string | null;
  scenarioId?: string | null;
  prescriptionOn: string;
  openedAt: string;
  closedAt: string | null;
  flags?: { promise: 'pending' | 'broken' | null; plan: 'active' | 'broken' | null; disputed: boolean };
}

export interface DebtEvent {
  kind: string;
  amountXof: number | null;
  detail: Record<string, unknown>;
  actor: string;
  at: string;
}

export type PaymentMethod = 'wallet' | 'cash' | 'mobile_money' | 'bank' | 'overdraft_reconciliation';
export interface DebtPayment {
  id: string;
  fileId: string;
  amountXof: number;
  feesPartXof: number;
  principalPartXof: number;
  method: PaymentMethod;
  reference: string | null;
  at: string;
  leftXof: number;
}

export interface Reminder {
  id: string;
  day: string;
  channels: string[];
  status: string;
  totalDueXof: number;
  sentAt: string | null;
  attempts: { channel: string; status: string; destinationMasked: string | null; at: string }[];
}

export interface DebtPromise {
  id: string;
  amountXof: number;
  promisedOn: string;
  status: 'pending' | 'kept' | 'broken' | 'cancelled';
  createdAt: string;
  resolvedAt: string | null;
}
export interface Instalment {
  dueOn: string;
  amountXof: number;
}
export interface DebtPlan {
  id: string;
  status: string;
  graceDays: number;
  instalments: (Instalment & { seq: number; coveredXof: number })[];
  createdAt: string;
}
export interface Dispute {
  id: string;
  reason: string;
  status: string;
  resolution: string | null;
  openedBy: string;
  openedAt: string;
  resolvedAt: string | null;
}
export interface DebtTask {
  id: string;
  fileId: string;
  fileLabel: string;
  debtorName: string;
  kind: 'call' | 'letter' | 'legal';
  stepKey: string | null;
  dueOn: string;
  status: string;
  note: string | null;
  assignedTo: string | null;
}
export interface Lifecycle {
  promises: DebtPromise[];
  plans: DebtPlan[];
  disputes: Dispute[];
  tasks: DebtTask[];
}

export const reminderChannels = ['sms', 'push', 'email'] as const;
export type ReminderChannel = (typeof reminderChannels)[number];
export const stepActions = ['remind', 'call_task', 'letter', 'legal'] as const;
export type StepAction = (typeof stepActions)[number];
export interface ScenarioStep {
  key: string;
  offsetDays: number;
  action: StepAction;
  channels: ReminderChannel[];
  textFr: string;
  textEn: string;
  minBalanceXof?: number;
  stop?: boolean;
}
export interface Scenario {
  id: string;
  name: string;
  steps: ScenarioStep[];
  isDefault: boolean;
}

export const ageBuckets = ['not_due', '0_30', '31_60', '61_90', '90_plus'] as const;
export interface Dashboard {
  activeFiles: number;
  outstandingXof: number;
  buckets: { bucket: (typeof ageBuckets)[number]; xof: number; files: number }[];
  openingBalanceXof: number;
  newDebtXof: number;
  recoveredXof: number;
  recoveryRateBp: number;
  dsoDays: number | null;
  promises: { made: number; kept: number; broken: number };
  months: { month: string; newDebtXof: number; recoveredXof: number }[];
}

export interface ImportAnswer {
  lines: number;
  valid: number;
  errors: { line: number; field: string; message: string }[];
  created: number;
  existing: number;
}

export interface Suggestion {
  id: string;
  payerName: string;
  amountXof: number;
  at: string;
  file: { id: string; label: string; leftXof: number } | null;
}

export type NewDebtor = { ismailId: string } | { name: string; phone?: string; email?: string };
export interface NewFile {
  debtor: NewDebtor;
  label: string;
  principalXof: number;
  feesXof?: number;
  dueOn: string;
  reference: string;
  scenarioId?: string;
}
