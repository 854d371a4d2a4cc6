/**
 * My card's server data: the card in force (kept for offline), a dynamic code (signed by the
 * cloud, two minutes, single use; renewed before it ends), its small photo, and the checks of
 * the card. Every answer is persisted with the rest of the query cache; whether a kept dynamic
 * code may still be shown is decided by the clock of this device (see dynamicCodeUsable).
 */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError } from '../../api/client.js';
import { shrinkPhoto } from './card-photo.js';

/** A new code is fetched this long before the one shown ends, so the person never shows an expired code. */
export const refreshLeadMs = 20_000;
/** The answer's travel time is not known: the code is treated as ending this much earlier. */
const travelMarginMs = 5_000;

async function readCard() {
  const { data, error, response } = await api.GET('/v1/cards/mine');
  if (data === undefined) throw apiError(error, response.status);
  return data;
}
export type MyCard = Awaited<ReturnType<typeof readCard>>;

export const myCardQuery = queryOptions({
  queryKey: ['card', 'mine'],
  queryFn: readCard,
  // No card yet (KYC not approved) is an answer, not a failure to retry.
  retry: (count, error) => (error as { status?: number }).status !== 404 && count < 2,
});

async function readDynamicCode() {
  const { data, error, response } = await api.POST('/v1/cards/mine/dynamic-code');
  if (data === undefined) throw apiError(error, response.status);
  // When it ends on this device's clock: received now, valid ttlS (the cloud's and this clock may differ).
  return { ...data, usableUntilMs: Date.now() + data.ttlS * 1000 - travelMarginMs };
}
export type DynamicCode = Awaited<ReturnType<typeof readDynamicCode>>;

export const dynamicCodeQuery = queryOptions({
  queryKey: ['card', 'dynamic'],
  queryFn: readDynamicCode,
  staleTime: 60_000,
  refetchInterval: (query) => {
    const code = query.state.data;
    return code === undefined ? false : Math.max(1_000, code.usableUntilMs - refreshLeadMs - Date.now());
  },
});

/** A kept code is shown only while it is still good on this device's clock: offline too, never past its end. */
export function dynamicCodeUsable(code: DynamicCode | undefined, nowMs: number): code is DynamicCode {
  return code !== undefined && nowMs < code.usableUntilMs;
}

export const cardPhotoQuery = queryOptions({
  queryKey: ['card', 'photo'],
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/cards/mine/photo', { parseAs: 'blob' });
    if (data === undefined) throw apiError(error, response.status);
    return shrinkPhoto(data);
  },
  staleTime: 60 * 60_000,
});

async function readVerifications() {
  const { data, error, response } = await api.GET('/v1/cards/mine/verifications');
  if (data === undefined) throw apiError(error, response.status);
  return data.verifications;
}
export type CardVerification = Awaited<ReturnType<typeof readVerifications>>[number];

// Read again on every visit: a check at a counter a minute ago is what the holder comes to see.
export const verificationsQuery = queryOptions({
  queryKey: ['card', 'verifications'],
  queryFn: readVerifications,
  staleTime: 0,
});
