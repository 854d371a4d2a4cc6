/**
 * Opens a session for an account reached through social sign-in: the same tokens as a password
 * sign-in (identity/sessions.ts, identity/tokens.ts), audited as a sign-in by this method.
 */
import type pg from 'pg';
import { profileRequiresSecondFactor, type Action, type ProfileKey } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Keyring } from '../../platform/keys/keyring.js';
import { openSession } from '../identity/sessions.js';
import { accessTokenTtlS, issueAccessToken } from '../identity/tokens.js';

export interface SessionAccountRow {
  readonly id: string;
  readonly profile: ProfileKey;
  readonly delegated_actions: Action[] | null;
}

export interface Tokens {
  accessToken: string;
  expiresInS: number;
  refreshToken: string;
  secondFactor: boolean;
  secondFactorRequired: boolean;
}

export async function signInSocially(
  client: pg.PoolClient,
  keyring: Keyring,
  account: SessionAccountRow,
  secondFactor: boolean,
  audit: { readonly place: string; readonly issuer: string },
): Promise<Tokens> {
  await appendAudit(client, {
    actor: { accountId: account.id, label: 'sign-in' },
    action: 'auth.signed_in',
    subject: { type: 'account', id: account.id },
    place: audit.place,
    detail: { secondFactor, method: 'social', issuer: audit.issuer },
  });
  await client.query('UPDATE social_identities SET last_used_at = now() WHERE account_id = $1 AND issuer = $2', [
    account.id,
    audit.issuer,
  ]);
  const { sessionId, refreshToken } = await openSession(client, account.id, secondFactor);
  const accessToken = await issueAccessToken(
    keyring,
    {
      accountId: account.id,
      profile: account.profile,
      secondFactor,
      sessionId,
      delegatedActions: account.delegated_actions ?? undefined,
    },
    client,
  );
  return {
    accessToken,
    expiresInS: accessTokenTtlS,
    refreshToken,
    secondFactor,
    secondFactorRequired: profileRequiresSecondFactor(account.profile),
  };
}
