/** Who is signed in, as the desk's menu entries need it (the same cache entry as the other areas' `['me']`). */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError } from '../../api/client.js';

interface DeskMe {
  readonly profile: string;
  readonly sessionHasSecondFactor: boolean;
}

export const deskMeQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<DeskMe> => {
    const { data, error, response } = await api.GET('/v1/me');
    if (data === undefined) throw apiError(error, response.status);
    return data;
  },
});

const adminProfiles = ['hyper_admin', 'super_admin', 'admin'];
/** The desk checks anyone's card: agency chiefs and admins (the cloud refuses others anyway). */
export const usesDesk = (profile: string | undefined): boolean =>
  profile === 'agency_chief' || adminProfiles.includes(profile ?? '');
/** The team and its transfer requests are an agency chief's. */
export const hasTeam = (profile: string | undefined): boolean => profile === 'agency_chief';
