/** The holder's KYC status and the cloud's upload limits, read through the typed client. */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError } from '../../api/client.js';

async function readMyKyc() {
  const { data, error, response } = await api.GET('/v1/kyc/cases/mine');
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

export type MyKyc = Awaited<ReturnType<typeof readMyKyc>>;

export const myKycQuery = queryOptions({ queryKey: ['kyc', 'mine'], queryFn: readMyKyc });
