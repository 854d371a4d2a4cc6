/**
 * Opens a session for an account reached through social sign-in: the same tokens as a password
 * sign-in (identity/sessions.ts, identity/tokens.ts), audited as a sign-in by this method.
 */
import type pg from 'pg';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Keyring } from '../../platform/keys/keyring.js';
import { openSessionTokens, type SessionAccount, type SessionTokens } from '../identity/session-tokens.js';

export async function signInSocially(
  client: pg.PoolClient,
  keyring: Keyring,
  account: SessionAccount,
  secondFactor: boolean,
  audit: { readonly place: string; readonly issuer: string; readonly userAgent: string | undefined },
): Promise<SessionTokens> {
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
  return openSessionTokens(client, keyring, account, secondFactor, audit.userAgent);
}
