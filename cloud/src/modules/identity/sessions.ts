/**
 * Sessions and rotating refresh tokens. A refresh token is 32 random bytes shown once;
 * only its SHA-256 is stored. Using one marks it used and issues the next in the same
 * family; using a used one again means it was copied, so the whole family is ended and
 * the event audited (OAuth 2.0 security BCP, refresh token rotation).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, type Action, type ProfileKey } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';

export const refreshTokenTtlS = 30 * 86400;

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface SessionAccount {
  readonly accountId: string;
  readonly profile: ProfileKey;
  readonly delegatedActions: readonly Action[] | undefined;
}

export async function openSession(
  client: pg.PoolClient,
  accountId: string,
  secondFactor: boolean,
  familyId: string = randomUUID(),
): Promise<{ sessionId: string; refreshToken: string }> {
  const refreshToken = randomBytes(32).toString('base64url');
  const sessionId = randomUUID();
  await client.query(
    `INSERT INTO sessions (id, family_id, account_id, refresh_hash, second_factor, expires_at) VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
    [sessionId, familyId, accountId, hashOf(refreshToken), secondFactor, refreshTokenTtlS],
  );
  return { sessionId, refreshToken };
}

/**
 * `onFamilyEnded`: told (after commit) which sessions a reused refresh token ended, so their access tokens stop at
 * once.
 */
export async function rotateRefreshToken(
  pool: pg.Pool,
  refreshToken: string,
  place: string,
  onFamilyEnded: (ended: { accountId: string; sessionIds: string[] }) => void = () => undefined,
): Promise<{ sessionId: string; refreshToken: string; secondFactor: boolean; account: SessionAccount }> {
  const outcome = await withTransaction(pool, async (client) => {
    const { rows } = await client.query<{
      id: string;
      family_id: string;
      account_id: string;
      second_factor: boolean;
      used_at: Date | null;
      revoked_at: Date | null;
      expired: boolean;
    }>(
      'SELECT id, family_id, account_id, second_factor, used_at, revoked_at, expires_at < now() AS expired FROM sessions WHERE refresh_hash = $1 FOR UPDATE',
      [hashOf(refreshToken)],
    );
    const session = rows[0];
    if (session === undefined || session.revoked_at !== null || session.expired) return { kind: 'invalid' as const };
    if (session.used_at !== null) {
      const ended = await client.query<{ id: string }>(
        "UPDATE sessions SET revoked_at = now(), revoke_reason = 'refresh token reused' WHERE family_id = $1 AND revoked_at IS NULL RETURNING id",
        [session.family_id],
      );
      await appendAudit(client, {
        actor: { accountId: session.account_id, label: 'sign-in' },
        action: 'session.refresh_reused',
        subject: { type: 'session_family', id: session.family_id },
        place,
        detail: { sessionId: session.id },
      });
      return { kind: 'reused' as const, accountId: session.account_id, sessionIds: ended.rows.map((r) => r.id) };
    }
    await client.query('UPDATE sessions SET used_at = now() WHERE id = $1', [session.id]);
    const account = await client.query<{ profile: ProfileKey; status: string; delegated_actions: Action[] | null }>(
      'SELECT profile, status, delegated_actions FROM accounts WHERE id = $1',
      [session.account_id],
    );
    const row = account.rows[0];
    if (row === undefined || row.status === 'suspended' || row.status === 'closed') return { kind: 'invalid' as const };
    const next = await openSession(client, session.account_id, session.second_factor, session.family_id);
    return {
      kind: 'rotated' as const,
      ...next,
      secondFactor: session.second_factor,
      account: {
        accountId: session.account_id,
        profile: row.profile,
        delegatedActions: row.delegated_actions ?? undefined,
      },
    };
  });
  // The reuse audit entry and revocation must commit, so the refusal is thrown after the transaction.
  if (outcome.kind === 'reused') {
    onFamilyEnded({ accountId: outcome.accountId, sessionIds: outcome.sessionIds });
    throw new AppError('REFRESH_TOKEN_REUSED');
  }
  if (outcome.kind === 'invalid')
    throw new AppError('UNAUTHENTICATED', 'This refresh token is not valid; sign in again.');
  return outcome;
}

/** Ends the session's whole family (every rotation of it); returns the session ids ended, for the session gate. */
export async function endSession(pool: pg.Pool, sessionId: string): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    "UPDATE sessions SET revoked_at = now(), revoke_reason = 'signed out' WHERE family_id = (SELECT family_id FROM sessions WHERE id = $1) AND revoked_at IS NULL RETURNING id",
    [sessionId],
  );
  return [sessionId, ...rows.map((r) => r.id).filter((id) => id !== sessionId)];
}
