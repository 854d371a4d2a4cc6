/** The devices screens' reads (issue 28.7): a GPS tracker's recent track, as the cloud's track route gives it. */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError } from '../../api/client.js';

export const trackQuery = (deviceId: string) =>
  queryOptions({
    queryKey: ['devices', 'track', deviceId],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/devices/{deviceId}/track', {
        params: { path: { deviceId }, query: {} },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
    // A tracker reports about once a minute through its hub: no point asking more often.
    refetchInterval: 60_000,
  });

export type Track = Awaited<ReturnType<NonNullable<ReturnType<typeof trackQuery>['queryFn']>>>;
export type TrackPoint = Track['points'][number];
