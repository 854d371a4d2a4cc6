/**
 * The server data of the admins' operations screens (issue 23): users (find, suspend, reinstate, transfer a partner,
 * agency chiefs' transfer requests), hubs, the notification delivery log, the ledger check's background runs, and the
 * credit and commission rates with their history. Mutations name what they change in the path; the cloud takes the
 * actor from the session and refuses anyone but an admin with the second factor.
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { paths } from '../../api/cloud-api.js';
import { must } from './data.js';

/** What a GET route answers (200), from the generated API types. */
type Answer<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer T } } } };
}
  ? T
  : never;

type UsersAnswer = Answer<'/v1/admin/users'>;
export type AdminUser = UsersAnswer['users'][number];

async function findUsers(q: string, profile: 'sales_rep' | undefined) {
  const query = { q, ...(profile === undefined ? {} : { profile }) };
  return must<UsersAnswer>(await api.GET('/v1/admin/users', { params: { query } }));
}

export const usersQuery = (q: string, profile?: 'sales_rep') =>
  queryOptions({
    queryKey: ['admin', 'users', q, profile ?? ''],
    queryFn: () => findUsers(q, profile),
    retry: false,
  });

export type UserChange = 'suspend' | 'reinstate';

export async function changeUser(accountId: string, change: UserChange, reason: string) {
  return must<AdminUser>(
    await api.POST('/v1/admin/users/{accountId}/{change}', {
      params: { path: { accountId, change } },
      body: { reason },
    }),
  );
}

export async function transferPartner(partnerId: string, toSalesRepId: string, reason: string) {
  return must<{ partnerId: string }>(
    await api.POST('/v1/admin/partners/{partnerId}/transfer', {
      params: { path: { partnerId } },
      body: { toSalesRepId, reason },
    }),
  );
}

export const transferRequestsQuery = queryOptions({
  queryKey: ['admin', 'transfer-requests'],
  queryFn: async () => must<TransferRequests>(await api.GET('/v1/team/transfer-requests')),
});
type TransferRequests = Answer<'/v1/team/transfer-requests'>;
export type TransferRequest = TransferRequests['requests'][number];

export async function decideTransfer(requestId: string, approve: boolean, reason: string) {
  return must<TransferRequest>(
    await api.POST('/v1/admin/transfer-requests/{requestId}/decision', {
      params: { path: { requestId } },
      body: { approve, reason },
    }),
  );
}

type HubsAnswer = Answer<'/v1/admin/hubs/overview'>;
export type HubOverview = HubsAnswer['hubs'][number];

export const hubsQuery = queryOptions({
  queryKey: ['admin', 'hubs'],
  queryFn: async () => must<HubsAnswer>(await api.GET('/v1/admin/hubs/overview')),
});

export async function revokeHub(hubId: string, reason: string) {
  return must<{ id: string; status: string }>(
    await api.POST('/v1/admin/hubs/{hubId}/revocation', { params: { path: { hubId } }, body: { reason } }),
  );
}

export const deliveryChannels = ['email', 'sms', 'push', 'in_app'] as const;
export const deliveryStatuses = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'clicked',
  'failed',
  'skipped',
] as const;
export type DeliveryChannel = (typeof deliveryChannels)[number];

/** The delivery log route declares no success schema: what the screen reads of it. */
export interface Delivery {
  readonly id: string;
  readonly eventType: string;
  readonly recipientId: string;
  readonly channel: string;
  readonly status: string;
  readonly reason: string | null;
  readonly provider: string | null;
  readonly attempts: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DeliveryFilters {
  readonly channel?: DeliveryChannel;
  readonly status?: string;
}

/** The cloud answers the newest `limit` (at most 500): "more" asks for a longer page. */
export const deliveryPage = 25;
export const deliveryMax = 500;

export const deliveriesQuery = (filters: DeliveryFilters, limit: number) =>
  queryOptions({
    queryKey: ['admin', 'deliveries', filters, limit],
    queryFn: async () =>
      must<{ deliveries: Delivery[] }>(
        await api.GET('/v1/admin/notifications/deliveries', { params: { query: { ...filters, limit } } }),
      ),
    placeholderData: (previous) => previous,
  });

type LedgerStatus = Answer<'/v1/admin/ledger/checks/latest'>;
export type LedgerRun = NonNullable<LedgerStatus['last']>;

/** While a run waits or runs, the screen asks again at this pace (the job takes a queued run within 3 s). */
const ledgerPollMs = 2_000;

export const ledgerStatusQuery = queryOptions({
  queryKey: ['admin', 'ledger-checks'],
  queryFn: async () => must<LedgerStatus>(await api.GET('/v1/admin/ledger/checks/latest')),
  refetchInterval: (query) => (query.state.data?.pending == null ? false : ledgerPollMs),
});

export async function requestLedgerCheck() {
  return must<LedgerRun>(await api.POST('/v1/admin/ledger/checks'));
}

type RatesAnswer = Answer<'/v1/admin/rates/history'>;
export type SalesCommissionRate = RatesAnswer['salesCommissionRates'][number];

export const ratesQuery = queryOptions({
  queryKey: ['admin', 'rates'],
  queryFn: async () => must<RatesAnswer>(await api.GET('/v1/admin/rates/history')),
});

export interface ProposedSalesRates {
  readonly juniorBp: number;
  readonly seniorBp: number;
  readonly teamLeadBp: number;
}

/** Last month's consumption replayed under the proposed default rates (nothing written). */
export async function simulateSalesRates(proposed: ProposedSalesRates, days: number) {
  const to = new Date();
  const from = new Date(to.getTime() - days * 86_400_000);
  type Simulation =
    paths['/v1/admin/wallet/commissions/simulate']['post']['responses']['200']['content']['application/json'];
  return must<Simulation>(
    await api.POST('/v1/admin/wallet/commissions/simulate', {
      body: { from: from.toISOString(), to: to.toISOString(), proposed: [{ scope: '*', ...proposed }] },
    }),
  );
}

export async function setSalesRates(proposed: ProposedSalesRates) {
  const change = { table: 'sales_commission_rates' as const, scope: '*', ...proposed };
  return must<{ effectiveFrom: string }>(
    await api.POST('/v1/admin/rates', { body: { change, effectiveFrom: new Date().toISOString() } }),
  );
}

export async function setCreditRate(country: string, xofPerCredit: number) {
  const change = { table: 'credit_rates' as const, country, xofPerCredit };
  return must<{ effectiveFrom: string }>(
    await api.POST('/v1/admin/rates', { body: { change, effectiveFrom: new Date().toISOString() } }),
  );
}
