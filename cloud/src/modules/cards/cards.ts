/**
 * Professional cards (SPEC 3.3): issue, renew (a new card supersedes the one in force),
 * suspend, reinstate, revoke, and online verification with a logged outcome.
 *
 * Every state change writes a card event and an audit entry in the same transaction.
 * Verification uses the same code path as an offline hub (shared/cards/credential), with
 * the live card state and the cloud's replay memory for dynamic codes.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  AppError,
  revocationListMaxEntries,
  signRevocationList,
  dynamicCardTtlS,
  signCardToken,
  type CardClaims,
  type ProfileKey,
} from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Actor } from '../identity/accounts.js';
import type { Keyring } from '../../platform/keys/keyring.js';
import { verifyCard, type CardCheck } from './verification.js';

/** SPEC 3.3: renewal every 12 months. */
export const cardValidityDays = 365;

interface HolderRow {
  id: string;
  profile: ProfileKey;
  status: string;
  ismail_id: string | null;
  first_name: string | null;
  last_name: string | null;
}

export interface IssuedCard {
  readonly cardId: string;
  readonly token: string;
  readonly expiresAt: Date;
}

async function holder(
  client: pg.PoolClient,
  accountId: string,
): Promise<HolderRow & { ismail_id: string; first_name: string; last_name: string }> {
  const { rows } = await client.query<HolderRow>(
    'SELECT id, profile, status, ismail_id, first_name, last_name FROM accounts WHERE id = $1',
    [accountId],
  );
  const row = rows[0];
  if (row === undefined) throw new AppError('NOT_FOUND', 'No such account.');
  if (row.status !== 'active' || row.ismail_id === null || row.first_name === null || row.last_name === null) {
    throw new AppError(
      'ACCOUNT_NOT_ACTIVE',
      'A card is issued only to an active account with an ISMAIL ID and names (after KYC approval).',
    );
  }
  return { ...row, ismail_id: row.ismail_id, first_name: row.first_name, last_name: row.last_name };
}

async function recordEvent(
  client: pg.PoolClient,
  cardId: string,
  event: string,
  actor: Actor,
  reason: string | undefined,
  detail: Record<string, unknown>,
): Promise<void> {
  await client.query('INSERT INTO card_events (card_id, event, actor_account_id, reason) VALUES ($1, $2, $3, $4)', [
    cardId,
    event,
    actor.accountId ?? null,
    reason ?? null,
  ]);
  await appendAudit(client, {
    actor: { accountId: actor.accountId, label: actor.label },
    action: `card.${event}`,
    subject: { type: 'card', id: cardId },
    place: actor.place,
    detail: reason === undefined ? detail : { ...detail, reason },
  });
}

/** Where a card's photo comes from (the approved KYC photo); absent in tests without KYC. */
export type PhotoSource = (client: pg.PoolClient, accountId: string) => Promise<Buffer | undefined>;

export function cardService(keyring: Keyring, photoOf?: PhotoSource) {
  return {
    /** Issues a card (or renews: the card in force is superseded). Runs in the caller's transaction. */
    async issue(client: pg.PoolClient, accountId: string, actor: Actor, at = new Date()): Promise<IssuedCard> {
      const account = await holder(client, accountId);
      const superseded = await client.query<{ id: string }>(
        "UPDATE cards SET state = 'superseded', state_changed_at = now() WHERE account_id = $1 AND state IN ('active', 'suspended') RETURNING id",
        [accountId],
      );
      for (const row of superseded.rows) await recordEvent(client, row.id, 'superseded', actor, 'renewed', {});
      const cardId = randomUUID();
      const issuedAtS = Math.floor(at.getTime() / 1000);
      const expiresAt = new Date((issuedAtS + cardValidityDays * 86400) * 1000);
      const claims: CardClaims = {
        v: 1,
        typ: 'card',
        cid: cardId,
        sub: account.ismail_id,
        gn: account.first_name,
        fn: account.last_name,
        role: account.profile,
        st: 'active',
        iat: issuedAtS,
        exp: Math.floor(expiresAt.getTime() / 1000),
        jti: randomBytes(12).toString('base64url'),
      };
      const photo = await photoOf?.(client, accountId);
      // The photo's hash, not the photo: a verifier compares it with the photo it displays.
      if (photo !== undefined) claims.ph = createHash('sha256').update(photo).digest('base64url');
      const key = await keyring.active('card', client);
      const token = await signCardToken(claims, key);
      await client.query(
        "INSERT INTO cards (id, account_id, ismail_id, state, issued_at, expires_at, kid, token) VALUES ($1, $2, $3, 'active', $4, $5, $6, $7)",
        [cardId, accountId, account.ismail_id, new Date(issuedAtS * 1000), expiresAt, key.kid, token],
      );
      await recordEvent(client, cardId, 'issued', actor, undefined, {
        ismailId: account.ismail_id,
        kid: key.kid,
        expiresAt: expiresAt.toISOString(),
      });
      return { cardId, token, expiresAt };
    },

    async changeState(
      client: pg.PoolClient,
      cardId: string,
      change: 'suspend' | 'reinstate' | 'revoke',
      actor: Actor,
      reason: string,
    ): Promise<void> {
      const { rows } = await client.query<{ state: string }>('SELECT state FROM cards WHERE id = $1 FOR UPDATE', [
        cardId,
      ]);
      const state = rows[0]?.state;
      if (state === undefined) throw new AppError('NOT_FOUND', 'No such card.');
      const allowed: Record<typeof change, { from: string[]; to: string; event: string }> = {
        suspend: { from: ['active'], to: 'suspended', event: 'suspended' },
        reinstate: { from: ['suspended'], to: 'active', event: 'reinstated' },
        revoke: { from: ['active', 'suspended'], to: 'revoked', event: 'revoked' },
      };
      const rule = allowed[change];
      if (!rule.from.includes(state)) throw new AppError('CONFLICT', `A ${state} card cannot be ${rule.event}.`);
      await client.query('UPDATE cards SET state = $2, state_changed_at = now(), state_reason = $3 WHERE id = $1', [
        cardId,
        rule.to,
        reason,
      ]);
      await recordEvent(client, cardId, rule.event, actor, reason, { before: { state }, after: { state: rule.to } });
    },

    /** A short-lived, single-use code for the holder's app (SPEC 3.3 dynamic QR). */
    async dynamicCode(pool: pg.Pool, accountId: string, at = new Date()): Promise<{ token: string; expiresAt: Date }> {
      const client = await pool.connect();
      try {
        const { rows } = await client.query<{ id: string; state: string }>(
          "SELECT id, state FROM cards WHERE account_id = $1 AND state IN ('active', 'suspended')",
          [accountId],
        );
        const card = rows[0];
        if (card === undefined) throw new AppError('NOT_FOUND', 'This account has no card in force.');
        const account = await holder(client, accountId);
        const nowS = Math.floor(at.getTime() / 1000);
        const token = await signCardToken(
          {
            v: 1,
            typ: 'dyn',
            cid: card.id,
            sub: account.ismail_id,
            gn: account.first_name,
            fn: account.last_name,
            role: account.profile,
            st: card.state === 'suspended' ? 'suspended' : 'active',
            iat: nowS,
            exp: nowS + dynamicCardTtlS,
            jti: randomBytes(16).toString('base64url'),
          },
          await keyring.active('card', client),
        );
        return { token, expiresAt: new Date((nowS + dynamicCardTtlS) * 1000) };
      } finally {
        client.release();
      }
    },

    /** Online verification: live state, replay memory, and a log line for every check. */
    verify: (
      pool: pg.Pool,
      token: string,
      verifier: { accountId?: string | undefined; place: string },
      at = new Date(),
    ): Promise<CardCheck> => verifyCard(pool, keyring, token, verifier, at),
  };
}

export type CardService = ReturnType<typeof cardService>;

/** The signed list of revoked and suspended cards still within validity, for hubs. */
export async function currentRevocationList(pool: pg.Pool, keyring: Keyring, at = new Date()): Promise<string> {
  // A card in force whose account is suspended or closed is listed as suspended (since the
  // account's change): a hub offline can only know what this list says (issue 20.1).
  const { rows } = await pool.query<{
    id: string;
    state: 'revoked' | 'suspended' | 'superseded';
    state_changed_at: Date;
  }>(
    `SELECT c.id,
       CASE WHEN c.state = 'active' THEN 'suspended' ELSE c.state END AS state,
       CASE WHEN c.state = 'active' THEN a.status_changed_at ELSE c.state_changed_at END AS state_changed_at
     FROM cards c JOIN accounts a ON a.id = c.account_id
     WHERE (c.state IN ('revoked', 'suspended', 'superseded') OR (c.state = 'active' AND a.status <> 'active')) AND c.expires_at > $1
     ORDER BY c.id LIMIT $2`,
    [at, revocationListMaxEntries],
  );
  return signRevocationList(
    {
      v: 1,
      iat: Math.floor(at.getTime() / 1000),
      entries: rows.map((r) => ({
        cid: r.id,
        state: r.state === 'suspended' ? 'suspended' : 'revoked',
        since: r.state_changed_at.toISOString(),
      })),
    },
    await keyring.active('card'),
  );
}
