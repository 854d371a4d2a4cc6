/**
 * TOTP second factor (RFC 6238) with the maintained `otpauth` library: 6 digits, 30 s,
 * SHA-1 (what every authenticator app supports). Secrets are sealed with the master key.
 * A code is accepted at most once: the accepted time step is remembered per account and
 * claimed with a compare-and-set (`claimTotpStep`), so parallel requests carrying the same
 * code cannot all pass: the check in `acceptTotp` is only a fast refusal.
 */
import { Secret, TOTP } from 'otpauth';
import type pg from 'pg';
import { open, seal, type MasterKey } from '../../platform/crypto/sealed.js';

const periodS = 30;
/** One step either side: a phone clock a little off still works. */
const windowSteps = 1;

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: 'ISMAIL',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: periodS,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(
  masterKey: MasterKey,
  accountId: string,
  label: string,
): { sealed: string; base32: string; uri: string } {
  const base32 = new Secret({ size: 20 }).base32;
  return {
    sealed: seal(masterKey, `totp:${accountId}`, Buffer.from(base32)),
    base32,
    uri: totpFor(base32, label).toString(),
  };
}

/** The accepted time step, or undefined when the code is wrong or its step was already used. */
export function acceptTotp(
  masterKey: MasterKey,
  accountId: string,
  sealed: string,
  code: string,
  lastStep: number | null,
  at = Date.now(),
): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const base32 = open(masterKey, `totp:${accountId}`, sealed).toString('utf8');
  const delta = totpFor(base32, accountId).validate({ token: code, timestamp: at, window: windowSteps });
  if (delta === null) return undefined;
  const step = Math.floor(at / 1000 / periodS) + delta;
  return lastStep !== null && step <= lastStep ? undefined : step;
}

/**
 * Claims an accepted time step for the account: one UPDATE that succeeds only if no step at or
 * after it was used, so of N concurrent requests with the same code exactly one gets `true`.
 */
export async function claimTotpStep(
  queryable: pg.Pool | pg.PoolClient,
  accountId: string,
  step: number,
): Promise<boolean> {
  const { rowCount } = await queryable.query(
    'UPDATE accounts SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)',
    [accountId, step],
  );
  return rowCount === 1;
}

/**
 * The raw secret bytes (for the hub's offline verifier table; never logged, never stored outside the sealed column).
 */
export function totpSecretBytes(masterKey: MasterKey, accountId: string, sealed: string): Uint8Array {
  return Secret.fromBase32(open(masterKey, `totp:${accountId}`, sealed).toString('utf8')).bytes;
}

/** For tests and the demo: the current code of a secret. */
export function currentTotpCode(base32: string, at = Date.now()): string {
  return totpFor(base32, 'x').generate({ timestamp: at });
}
