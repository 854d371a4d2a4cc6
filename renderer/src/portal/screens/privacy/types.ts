/** The personal-data shapes as the contract (API-issue-27.md, "Personal data") states them and the screens read. */
export type RequestKind = 'rectification' | 'erasure';
export const requestStatuses = ['open', 'done', 'refused'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export interface PrivacyRequest {
  readonly id: string;
  readonly kind: RequestKind;
  readonly details: string;
  /** The contract names `done` and `refused` decisions; anything else is still waiting. */
  readonly status: string;
  readonly note?: string | null;
  readonly createdAt?: string;
  readonly decidedAt?: string | null;
  readonly accountId?: string;
  readonly accountName?: string | null;
}

export interface Activity {
  readonly module: string;
  readonly table: string;
  readonly purposeFr: string;
  readonly legalBasis: string;
  readonly retentionFr: string;
  readonly onErasure: 'delete' | 'pseudonymise' | 'keep';
  readonly keptBecauseFr?: string | null;
}

export type Retention = Record<string, number | string | null>;
