/**
 * The desk screens' server data: a check by scanned token or typed ISMAIL ID, the photo of the holder just checked
 * (as a small data: URL, the page's CSP shows no blob:), the desk's log, the team tree and transfer requests.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError } from '../../api/client.js';
import { shrinkPhoto } from '../card/card-photo.js';

/** Where this desk is: said in each check's log line (the browser has no better name for it). */
export const deskPlace = 'Guichet portail';

async function checkToken(token: string) {
  const { data, error, response } = await api.POST('/v1/desk/checks/token', { body: { token, place: deskPlace } });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

export type DeskCheck = Awaited<ReturnType<typeof checkToken>>;

export async function checkIsmailId(ismailId: string): Promise<DeskCheck> {
  const { data, error, response } = await api.POST('/v1/desk/checks/ismail-id', {
    body: { ismailId, place: deskPlace },
  });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

export { checkToken };

export const holderPhotoQuery = (ismailId: string) =>
  queryOptions({
    queryKey: ['desk', 'photo', ismailId],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/desk/holders/{ismailId}/photo', {
        params: { path: { ismailId } },
        parseAs: 'blob',
      });
      if (data === undefined) throw apiError(error, response.status);
      return shrinkPhoto(data);
    },
    staleTime: 5 * 60_000,
    retry: false,
  });

export const deskLogQuery = queryOptions({
  queryKey: ['desk', 'log'],
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/desk/checks');
    if (data === undefined) throw apiError(error, response.status);
    return data.checks;
  },
  staleTime: 0,
});

export const teamQuery = queryOptions({
  queryKey: ['desk', 'team'],
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/team');
    if (data === undefined) throw apiError(error, response.status);
    return data.reps;
  },
});
export type TeamRep = Awaited<ReturnType<NonNullable<typeof teamQuery.queryFn>>>[number];

export const transferRequestsQuery = queryOptions({
  queryKey: ['desk', 'transfer-requests'],
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/team/transfer-requests');
    if (data === undefined) throw apiError(error, response.status);
    return data.requests;
  },
  staleTime: 0,
});

export async function requestTransfer(body: { partnerId: string; toSalesRepId: string; reason: string }) {
  const { data, error, response } = await api.POST('/v1/team/transfer-requests', { body });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}
