/**
 * Online card verification (SPEC 3.3): the offline hub's code path (shared/cards/credential) with the live card
 * state and the cloud's replay memory for dynamic codes, and a logged outcome for every check.
 */
import type pg from 'pg';
import {
  cardRefusalMessages,
  verifyCardToken,
  type CardListing,
  type CardRefusalReason,
  type ProfileKey,
} from '@ismail/shared';
import type { Keyring } from '../../platform/keys/keyring.js';
import { nodeSignatureCheck } from './node-signature.js';

export type CardCheck =
  | {
      outcome: 'valid';
      holder: { ismailId: string; firstName: string; lastName: string; role: ProfileKey; status: string };
      card: { id: string; form: 'printed' | 'dynamic'; expiresAt: string; kid: string };
    }
  | { outcome: 'refused'; reason: CardRefusalReason; message: { fr: string; en: string }; detail: string };

/** Verifies a printed or dynamic card token against the live state and logs the outcome. */
export async function verifyCard(
  pool: pg.Pool,
  keyring: Keyring,
  token: string,
  verifier: { accountId?: string | undefined; place: string },
  at: Date,
): Promise<CardCheck> {
  const result = await verifyCardToken(token, {
    keys: await keyring.publicKeys('card', token),
    checkSignature: nodeSignatureCheck,
    nowS: Math.floor(at.getTime() / 1000),
    listing: async (cardId): Promise<CardListing> => {
      const { rows } = await pool.query<{ state: string; state_changed_at: Date }>(
        'SELECT state, state_changed_at FROM cards WHERE id = $1',
        [cardId],
      );
      const row = rows[0];
      if (row === undefined) return { state: 'revoked', since: 'never issued by this cloud' };
      if (row.state === 'revoked' || row.state === 'superseded')
        return { state: 'revoked', since: row.state_changed_at.toISOString() };
      if (row.state === 'suspended') return { state: 'suspended', since: row.state_changed_at.toISOString() };
      return undefined;
    },
    firstUse: async (jti, expiresAtS) => {
      const inserted = await pool.query(
        'INSERT INTO dynamic_code_uses (jti, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [jti, new Date(expiresAtS * 1000)],
      );
      return inserted.rowCount === 1;
    },
  });
  const claims = result.claims;
  await pool.query(
    'INSERT INTO card_verifications (verifier_account_id, place, card_id, ismail_id, outcome, reason) VALUES ($1, $2, $3, $4, $5, $6)',
    [
      verifier.accountId ?? null,
      verifier.place,
      claims?.cid ?? null,
      claims?.sub ?? null,
      result.ok ? 'valid' : 'refused',
      result.ok ? null : result.reason,
    ],
  );
  if (result.ok) {
    return {
      outcome: 'valid',
      holder: {
        ismailId: result.claims.sub,
        firstName: result.claims.gn,
        lastName: result.claims.fn,
        role: result.claims.role,
        status: result.claims.st,
      },
      card: {
        id: result.claims.cid,
        form: result.claims.typ === 'dyn' ? 'dynamic' : 'printed',
        expiresAt: new Date(result.claims.exp * 1000).toISOString(),
        kid: result.kid,
      },
    };
  }
  return {
    outcome: 'refused',
    reason: result.reason,
    message: cardRefusalMessages[result.reason],
    detail: result.detail,
  };
}
