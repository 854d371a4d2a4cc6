/**
 * Authorization requests in flight (social_flows): the state, nonce and PKCE verifier of one
 * sign-in at the provider, bound to the browser that started it (the digest of a key only that
 * browser holds), taken once. Only the state's digest is a key: a database reader cannot answer
 * a request in someone's place.
 *
 * Must never give a flow twice, nor to another browser, nor after ten minutes.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { AuthorizationChecks } from '../identity/oidc-relying-party.js';
import { flowTtlS, sweepRowsMax } from './limits.js';

export const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

const randomText = (): string => randomBytes(32).toString('base64url');

export async function openFlow(pool: pg.Pool, provider: string, browserKey: string): Promise<AuthorizationChecks> {
  const checks = { state: randomText(), nonce: randomText(), codeVerifier: randomText() };
  await pool.query(
    `INSERT INTO social_flows (state_hash, provider, browser_key_hash, code_verifier, nonce, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
    [digest(checks.state), provider, digest(browserKey), checks.codeVerifier, checks.nonce, flowTtlS],
  );
  // Bounded clean-up on the way: old requests are useless once expired.
  await pool.query(
    `DELETE FROM social_flows WHERE state_hash IN (
       SELECT state_hash FROM social_flows WHERE expires_at < now() - interval '1 hour' LIMIT $1)`,
    [sweepRowsMax],
  );
  return checks;
}

/** The request this state started in this browser, marked used; undefined when unknown, used, expired or foreign. */
export async function takeFlow(
  pool: pg.Pool,
  state: string,
  browserKey: string,
): Promise<{ provider: string; checks: AuthorizationChecks } | undefined> {
  const { rows } = await pool.query<{ provider: string; code_verifier: string; nonce: string }>(
    `UPDATE social_flows SET used_at = now()
     WHERE state_hash = $1 AND browser_key_hash = $2 AND used_at IS NULL AND expires_at > now()
     RETURNING provider, code_verifier, nonce`,
    [digest(state), digest(browserKey)],
  );
  const row = rows[0];
  return row === undefined
    ? undefined
    : { provider: row.provider, checks: { state, nonce: row.nonce, codeVerifier: row.code_verifier } };
}
