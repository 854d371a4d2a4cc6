/**
 * A staff sign-in asked of the cloud (POST /v1/hubs/staff/sign-in, signed as this hub), and
 * its answer as the staff desk acts on it: accepted (who the person is), refused (forget the
 * cached password), a refusal the counter must show (second factor, rate limit), or
 * unreachable (the desk carries on offline).
 */
import { AppError, type HubStaffRole, type OfflineTotpTable } from '@ismail/shared';
import type { StaffDeskSources } from './staff-desk.js';

const cloudTimeoutMs = 4_000;

export interface CloudIdentity {
  accountId: string;
  ismailId: string | null;
  name: string;
  role: HubStaffRole;
  /** Enrolled in TOTP: the offline verifier table (absent from an older cloud: not enrolled). */
  offlineTotp?: OfflineTotpTable | null;
}

export type CloudAnswer =
  | { kind: 'accepted'; identity: CloudIdentity }
  | { kind: 'refused' }
  | { kind: 'unreachable' }
  | { kind: 'passthrough'; error: AppError };

export async function askCloudToSignIn(
  credentials: StaffDeskSources['credentials'],
  input: { email: string; password: string; totpCode?: string | undefined },
): Promise<CloudAnswer> {
  const hub = credentials.load();
  if (hub === null) return { kind: 'unreachable' };
  let response: Response;
  try {
    response = await credentials.cloud.request('/v1/hubs/staff/sign-in', {
      method: 'POST',
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(cloudTimeoutMs),
    });
  } catch {
    return { kind: 'unreachable' };
  }
  if (response.status === 200) return { kind: 'accepted', identity: (await response.json()) as CloudIdentity };
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  const code = body.error?.code;
  if (code === 'INVALID_CREDENTIALS') return { kind: 'refused' };
  if (code === 'SECOND_FACTOR_CODE_REQUIRED' || code === 'RATE_LIMITED')
    return { kind: 'passthrough', error: new AppError(code) };
  // A revoked hub, a cloud in trouble: the counter carries on with what it knows.
  return { kind: 'unreachable' };
}
