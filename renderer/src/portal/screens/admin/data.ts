/**
 * The admin screens' server data: who is signed in (profile, second factor), the KYC queue and its documents, cards
 * by ISMAIL ID and their lifecycle, key rotation, tariffs, the audit log, its chain and the ledger check. Several
 * admin routes declare no success schema: what the screens read of them is typed here.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError } from '../../api/client.js';

/** Turns openapi-fetch's answer into its data or a thrown ApiError. */
export function must<T>(answer: { data?: unknown; error?: unknown; response: Response }): T {
  if (answer.data === undefined) throw apiError(answer.error, answer.response.status);
  return answer.data as T;
}

export interface AdminMe {
  readonly profile: string;
  readonly sessionHasSecondFactor: boolean;
}

export const adminProfiles = ['hyper_admin', 'super_admin', 'admin'] as const;
/** Tariffs, rates and signing keys are strategy: levels 1 and 2 (the cloud refuses others anyway). */
export const strategyProfiles = ['hyper_admin', 'super_admin'] as const;
export const isAdmin = (profile: string | undefined): boolean => adminProfiles.some((p) => p === profile);
export const isStrategist = (profile: string | undefined): boolean => strategyProfiles.some((p) => p === profile);

export const adminMeQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<AdminMe> => must<AdminMe>(await api.GET('/v1/me')),
});

export interface KycDocument {
  readonly documentId: string;
  readonly kind: string;
  readonly contentType: string;
}

export interface KycCase {
  readonly caseId: string;
  readonly accountId: string;
  readonly displayName: string | null;
  readonly profile: string;
  readonly submittedAt: string;
  readonly checks: unknown;
  readonly documents: readonly KycDocument[] | null;
}

export const kycQueueQuery = queryOptions({
  queryKey: ['admin', 'kyc', 'queue'],
  queryFn: async () => must<{ cases: KycCase[] }>(await api.GET('/v1/admin/kyc/queue')),
});

/** One sealed document, fetched with the bearer token (the cloud audits this read), as a Blob. */
export async function fetchKycDocument(caseId: string, documentId: string): Promise<Blob> {
  const answer = await api.GET('/v1/kyc/cases/{caseId}/documents/{documentId}', {
    params: { path: { caseId, documentId } },
    parseAs: 'blob',
  });
  return must<Blob>(answer);
}

export async function decideKycCase(caseId: string, approve: boolean, reason: string) {
  return must<{ state: string; ismailId?: string }>(
    await api.POST('/v1/admin/kyc/cases/{caseId}/decision', {
      params: { path: { caseId } },
      body: { approve, reason },
    }),
  );
}

export const cardQuery = (ismailId: string) =>
  queryOptions({
    queryKey: ['admin', 'card', ismailId],
    queryFn: async () =>
      must<AdminCard>(await api.GET('/v1/admin/cards/by-ismail-id/{ismailId}', { params: { path: { ismailId } } })),
    retry: false,
  });

export interface AdminCard {
  readonly cardId: string;
  readonly token: string;
  readonly state: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly accountId: string;
  readonly ismailId: string;
  readonly displayName: string | null;
  readonly profile: string;
  readonly accountStatus: string;
}

export const cardChanges = ['suspend', 'reinstate', 'revoke'] as const;
export type CardChange = (typeof cardChanges)[number];

export async function changeCard(cardId: string, change: CardChange, reason: string) {
  return must<{ done: boolean }>(
    await api.POST('/v1/admin/cards/{cardId}/{change}', { params: { path: { cardId, change } }, body: { reason } }),
  );
}

export async function issueCard(accountId: string) {
  return must<{ cardId: string }>(
    await api.POST('/v1/admin/accounts/{accountId}/cards', { params: { path: { accountId } } }),
  );
}

/** What the public verifier says of a card token (the same answer a counter gets). */
export async function verifyCard(token: string) {
  return must<{ outcome: string }>(await api.POST('/v1/cards/verify', { body: { token } }));
}

export async function rotateKey(purpose: 'card' | 'access') {
  return must<{ activeKid: string; retiredKid?: string | null }>(
    await api.POST('/v1/admin/keys/{purpose}/rotate', { params: { path: { purpose } } }),
  );
}

export interface Tariff {
  readonly code: string;
  readonly module: string;
  readonly minCredits: number;
  readonly maxCredits: number;
  readonly per: string;
  readonly cashbackEligible: boolean;
  readonly effectiveFrom: string;
}

export const tariffsQuery = queryOptions({
  queryKey: ['admin', 'tariffs'],
  queryFn: async () => must<{ current: Tariff[]; history: Tariff[] }>(await api.GET('/v1/admin/rates/tariffs')),
});

export async function setTariff(tariff: Omit<Tariff, 'effectiveFrom'>, effectiveFrom: string) {
  const change = {
    table: 'tariffs' as const,
    code: tariff.code,
    module: tariff.module as 'platform',
    minCredits: tariff.minCredits,
    maxCredits: tariff.maxCredits,
    per: tariff.per as 'operation',
    cashbackEligible: tariff.cashbackEligible,
  };
  return must<{ effectiveFrom: string }>(await api.POST('/v1/admin/rates', { body: { change, effectiveFrom } }));
}

export interface AuditFilters {
  readonly action?: string;
  readonly subjectId?: string;
}

export const auditPageQuery = (filters: AuditFilters, beforeSeq: number | undefined) =>
  queryOptions({
    queryKey: ['admin', 'audit', filters, beforeSeq],
    queryFn: async () => {
      const query = {
        limit: 20,
        ...(filters.action === undefined ? {} : { action: filters.action }),
        ...(filters.subjectId === undefined ? {} : { subjectId: filters.subjectId }),
        ...(beforeSeq === undefined ? {} : { beforeSeq }),
      };
      const answer = await api.GET('/v1/admin/audit', { params: { query } });
      if (answer.data === undefined) throw apiError(answer.error, answer.response.status);
      return answer.data;
    },
  });

export type ChainCheck =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; brokenAtSeq: number; problem: string };

export async function verifyChain() {
  return must<ChainCheck>(await api.GET('/v1/admin/audit/verify'));
}

export interface LedgerCheck {
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly totals: { readonly accounts: number; readonly operations: number; readonly sumOfBalances: number };
}

export async function checkLedger() {
  return must<LedgerCheck>(await api.GET('/v1/admin/ledger/check'));
}
