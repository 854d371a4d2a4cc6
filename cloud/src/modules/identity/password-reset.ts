/**
 * Password reset by e-mail link (the gap issue 23 left: a partner a sales rep created has a password nobody knows,
 * and anyone who forgets theirs had no way back). An active account asks; it gets a link carrying a random one-time
 * token, by e-mail only, valid 30 minutes, ending its previous unused link. The token sets a new password once, ends
 * every session of the account, and is audited.
 *
 * Owns the links (password_resets) and the per-source request budget (password_reset_budgets). Must never store,
 * log or audit a token: only its SHA-256 is kept, and the e-mail's stored copy of the link is replaced once the link
 * is dead. Must never tell a caller whether an address has an account: the routes answer the same either way.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { NotificationService } from '../notifications/service.js';
import { normalisedEmail } from './sign-in-attempts.js';

/** Long enough to reach a phone's mailbox over a slow network, short enough to be worth little if leaked. */
export const resetLinkTtlS = 30 * 60;
/** Links sent per account in a rolling hour: a lost e-mail or two, never a flooded mailbox. */
export const resetLinksPerAccountPerHour = 3;
/** Requests per source address in an hour, whatever they ask for: bounds enumeration and flooding from one place. */
export const resetRequestsPerSourcePerHour = 10;
const sourceWindowS = 60 * 60;
/** Stale source windows swept per sweep, and how often a request sweeps (bounded work per request). */
const sweepRows = 500;
const sweepOneIn = 50;
/** 32 random bytes: a token cannot be guessed, so a confirmation needs no try budget of its own. */
const tokenBytes = 32;

/** The portal's page that reads the token from the URL fragment (never sent to a server, so never in its logs). */
export const resetPagePath = '/reset-password';
/** What a dead link's stored e-mail points to instead: asking for a new one. */
export const forgotPagePath = '/forgot-password';
export const invalidLinkMessage = "Ce lien n'est plus valable : demandez-en un nouveau.";

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Counts one request from `ip` (one atomic upsert, so parallel requests each count); false once over the budget. */
export async function reserveSourceRequest(pool: pg.Pool, ip: string): Promise<boolean> {
  const { rows } = await pool.query<{ requests: number }>(
    `INSERT INTO password_reset_budgets AS b (key, requests, window_started_at) VALUES ($1, 1, now())
     ON CONFLICT (key) DO UPDATE SET
       requests = CASE WHEN b.window_started_at <= now() - make_interval(secs => $2) THEN 1 ELSE b.requests + 1 END,
       window_started_at = CASE WHEN b.window_started_at <= now() - make_interval(secs => $2) THEN now() ELSE b.window_started_at END
     RETURNING requests`,
    [`source:${sha256(ip)}`, sourceWindowS],
  );
  if (Math.random() * sweepOneIn < 1)
    await pool.query(
      'DELETE FROM password_reset_budgets WHERE key IN (SELECT key FROM password_reset_budgets WHERE window_started_at < now() - make_interval(secs => $1) LIMIT $2)',
      [sourceWindowS, sweepRows],
    );
  return (rows[0]?.requests ?? Number.MAX_SAFE_INTEGER) <= resetRequestsPerSourcePerHour;
}

export interface ResetDependencies {
  /** The portal's origin, no trailing slash: links start with it. */
  readonly publicUrl: string;
  /** Absent when the app runs without the notifications module: nothing can be sent, so no link is made. */
  readonly notifications: NotificationService | undefined;
}

/** What became of a request (audited for a known account; the caller is told none of it). */
export type ResetRequestOutcome = 'sent' | 'unknown' | 'not_active' | 'too_many' | 'no_mail';

/**
 * Makes and e-mails a link for the account of `email` when it is active and under its budget. The account's row is
 * locked for the transaction: two requests at once count one after the other, and end each other's links in order.
 */
export async function requestPasswordReset(
  pool: pg.Pool,
  deps: ResetDependencies,
  email: string,
  place: string,
): Promise<ResetRequestOutcome> {
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM accounts WHERE email = $1', [
    normalisedEmail(email),
  ]);
  const accountId = rows[0]?.id;
  if (accountId === undefined) return 'unknown';
  return withTransaction(pool, async (client) => {
    const account = (
      await client.query<{ status: string; first_name: string | null; display_name: string }>(
        'SELECT status, first_name, display_name FROM accounts WHERE id = $1 FOR NO KEY UPDATE',
        [accountId],
      )
    ).rows[0];
    const recent = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM password_resets WHERE account_id = $1 AND created_at > now() - interval '1 hour'",
      [accountId],
    );
    // Only an active account signs in; a pending one (a rep's partner before KYC) gets its link once activated.
    const outcome: ResetRequestOutcome =
      account?.status !== 'active'
        ? 'not_active'
        : (recent.rows[0]?.n ?? 0) >= resetLinksPerAccountPerHour
          ? 'too_many'
          : deps.notifications === undefined
            ? 'no_mail'
            : 'sent';
    let resetId: string | null = null;
    if (outcome === 'sent' && deps.notifications !== undefined && account !== undefined) {
      await endLiveLinks(client, accountId, deps.publicUrl);
      resetId = randomUUID();
      const token = randomBytes(tokenBytes).toString('base64url');
      await client.query(
        'INSERT INTO password_resets (id, account_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))',
        [resetId, accountId, sha256(token), resetLinkTtlS],
      );
      // Asking for the link is choosing this e-mail: a preference that turned it off would lock the person out.
      await client.query(
        "DELETE FROM notification_preferences WHERE account_id = $1 AND event_type = 'account.password_reset'",
        [accountId],
      );
      // In this transaction (the notification outbox): the e-mail goes exactly when the link exists.
      await deps.notifications.emit(
        {
          key: `password-reset:${resetId}`,
          type: 'account.password_reset',
          recipientId: accountId,
          data: {
            firstName: (account.first_name ?? account.display_name).slice(0, 100) || 'client',
            resetUrl: `${deps.publicUrl}${resetPagePath}#token=${token}`,
          },
        },
        client,
      );
    }
    await appendAudit(client, {
      actor: { accountId, label: 'password-reset' },
      action: 'account.password_reset_requested',
      subject: { type: 'account', id: accountId },
      place,
      detail: resetId === null ? { sent: false, why: outcome } : { sent: true, resetId },
    });
    return outcome;
  });
}

/**
 * Ends the account's unused links and replaces the link in their stored e-mails (the notification's data keeps what
 * was sent): a dead link's token is no secret, but no token should stay readable longer than it must.
 */
async function endLiveLinks(client: pg.PoolClient, accountId: string, publicUrl: string): Promise<void> {
  await client.query(
    'UPDATE password_resets SET invalidated_at = now() WHERE account_id = $1 AND used_at IS NULL AND invalidated_at IS NULL',
    [accountId],
  );
  await client.query(
    `UPDATE notifications SET data = jsonb_set(data, '{resetUrl}', to_jsonb($2::text))
     WHERE recipient_id = $1 AND event_type = 'account.password_reset' AND data->>'resetUrl' <> $2`,
    [accountId, `${publicUrl}${forgotPagePath}`],
  );
}

/** Whether a token is of a link still usable (unused, not ended, not expired); read without a lock. */
export async function isLiveLink(pool: pg.Pool, token: string): Promise<boolean> {
  const { rows } = await pool.query(
    'SELECT 1 FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND invalidated_at IS NULL AND expires_at > now()',
    [sha256(token)],
  );
  return rows.length > 0;
}

export interface ResetDone {
  readonly accountId: string;
  readonly email: string;
  /** The sessions ended, for the session gate (their access tokens stop at once). */
  readonly endedSessionIds: readonly string[];
}

/**
 * Sets the password of the token's account, once: the link's row is locked, so of two confirmations at once the
 * second waits, then finds the link used. The new hash is computed before the transaction (scrypt is slow).
 */
export async function confirmPasswordReset(
  pool: pg.Pool,
  publicUrl: string,
  token: string,
  passwordHash: string,
  place: string,
): Promise<ResetDone> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string; account_id: string; email: string; status: string }>(
      `SELECT r.id, r.account_id, a.email, a.status FROM password_resets r JOIN accounts a ON a.id = r.account_id
       WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.invalidated_at IS NULL AND r.expires_at > now()
       FOR UPDATE OF r`,
      [sha256(token)],
    );
    const link = rows[0];
    // Suspended or closed since the link was sent: it opens nothing.
    if (link === undefined || link.status !== 'active') throw new AppError('VALIDATION_FAILED', invalidLinkMessage);
    // The lock above makes this the one use; the condition says so again should the read ever change.
    const used = await client.query('UPDATE password_resets SET used_at = now() WHERE id = $1 AND used_at IS NULL', [
      link.id,
    ]);
    if (used.rowCount !== 1) throw new AppError('VALIDATION_FAILED', invalidLinkMessage);
    await endLiveLinks(client, link.account_id, publicUrl);
    await client.query('UPDATE accounts SET password_hash = $2 WHERE id = $1', [link.account_id, passwordHash]);
    // Whoever knew the old password (or held a session) is out: every session of the account ends.
    const ended = await client.query<{ id: string; family_id: string }>(
      "UPDATE sessions SET revoked_at = now(), revoke_reason = 'password reset' WHERE account_id = $1 AND revoked_at IS NULL RETURNING id, family_id",
      [link.account_id],
    );
    await appendAudit(client, {
      actor: { accountId: link.account_id, label: 'password-reset' },
      action: 'account.password_reset',
      subject: { type: 'account', id: link.account_id },
      place,
      detail: { resetId: link.id, endedSessions: new Set(ended.rows.map((r) => r.family_id)).size },
    });
    return { accountId: link.account_id, email: link.email, endedSessionIds: ended.rows.map((r) => r.id) };
  });
}
