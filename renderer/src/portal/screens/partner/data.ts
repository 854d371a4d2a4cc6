/**
 * The partner area's server data, through the typed client: who is signed in (the partner itself manages staff and
 * registers hubs; its staff read hubs and webhooks), the staff list and the writes on it, the hubs with their health
 * and devices, a hub's registration (its pairing code is answered once), the webhooks, a test event and a webhook's
 * delivery log.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError } from '../../api/client.js';

/** GET /v1/me declares no success schema (identity's): what this area reads of it (the cache entry `['me']`). */
interface PartnerMe {
  readonly id: string;
  readonly profile: string;
  readonly staffOf: string | null;
}

export const partnerMeQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<PartnerMe> => {
    const { data, error, response } = await api.GET('/v1/me');
    if (data === undefined) throw apiError(error, response.status);
    return data;
  },
});

/** The partner itself (not its staff). */
export const isPartnerOwner = (me: PartnerMe | undefined): boolean =>
  me?.profile === 'partner' && (me.staffOf ?? null) === null;

export const delegableActions = ['read', 'write', 'modify', 'delete'] as const;
export type Delegable = (typeof delegableActions)[number];

export const staffQuery = (partnerId: string) =>
  queryOptions({
    queryKey: ['partner', 'staff', partnerId],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/accounts/{partnerId}/staff', {
        params: { path: { partnerId } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });

export interface NewStaff {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly password: string;
  readonly delegatedActions: Delegable[];
}

export async function addStaff(partnerId: string, body: NewStaff): Promise<void> {
  const { error, response } = await api.POST('/v1/accounts/{partnerId}/staff', {
    params: { path: { partnerId } },
    body,
  });
  if (!response.ok) throw apiError(error, response.status);
}

export async function setStaffPermissions(partnerId: string, staffId: string, delegatedActions: Delegable[]) {
  const { data, error, response } = await api.PUT('/v1/accounts/{partnerId}/staff/{staffId}/permissions', {
    params: { path: { partnerId, staffId } },
    body: { delegatedActions },
  });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

export async function removeStaff(partnerId: string, staffId: string): Promise<void> {
  const { error, response } = await api.DELETE('/v1/accounts/{partnerId}/staff/{staffId}', {
    params: { path: { partnerId, staffId } },
  });
  if (!response.ok) throw apiError(error, response.status);
}

export const hubsQuery = queryOptions({
  queryKey: ['partner', 'hubs'],
  staleTime: 0,
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/partner/hubs');
    if (data === undefined) throw apiError(error, response.status);
    return data;
  },
});

export const devicesQuery = queryOptions({
  queryKey: ['partner', 'devices'],
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/devices', { params: { query: {} } });
    if (data === undefined) throw apiError(error, response.status);
    return data;
  },
});

export async function registerHub(name: string) {
  const { data, error, response } = await api.POST('/v1/partner/hubs', { body: { name } });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

export const webhookEvents = ['device.alarm', 'device.rfid_scan', 'device.state'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

export const webhooksQuery = queryOptions({
  queryKey: ['partner', 'webhooks'],
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/webhooks');
    if (data === undefined) throw apiError(error, response.status);
    return { webhooks: data.webhooks.filter((w) => w.active) };
  },
});

export async function subscribeWebhook(url: string, events: WebhookEvent[]) {
  const { data, error, response } = await api.POST('/v1/webhooks', { body: { url, events } });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

export async function stopWebhook(webhookId: string): Promise<void> {
  const { error, response } = await api.DELETE('/v1/webhooks/{webhookId}', { params: { path: { webhookId } } });
  if (!response.ok) throw apiError(error, response.status);
}

export async function sendTestEvent(webhookId: string) {
  const { data, error, response } = await api.POST('/v1/webhooks/{webhookId}/test', {
    params: { path: { webhookId } },
  });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

export const deliveriesQuery = (webhookId: string) =>
  queryOptions({
    queryKey: ['partner', 'deliveries', webhookId],
    staleTime: 0,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/webhooks/{webhookId}/deliveries', {
        params: { path: { webhookId } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
    // Asked again while a delivery waits for the worker (every 2 s in the cloud).
    refetchInterval: (query) => (query.state.data?.deliveries.some((d) => d.status === 'pending') ? 2_000 : false),
  });
