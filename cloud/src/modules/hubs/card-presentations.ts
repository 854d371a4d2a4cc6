/**
 * Which cards a hub may look up (issue 20.2): a card's photo and wallet balance go to a hub
 * only for a card presented at that hub within `cardPresentationWindowMs`, or a customer of
 * that hub's establishment (a confirmed order or booking with the partner). A presentation is
 * proven by the card's signed credential, which the hub read from the printed card or the
 * app's dynamic code and sends in `x-card-credential`: the cloud checks it with its own card
 * keys and the card's live state, and that it names the card (and ISMAIL ID) asked about.
 *
 * Never: take a hub's word that a card was shown (a card id or ISMAIL ID is no proof); spend a
 * dynamic code's single use here (the payment that follows is what spends it); answer a hub
 * outside its scope differently from a card that does not exist.
 */
import { cardTokenMaxChars, verifyCardToken, type CardListing } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import type { Keyring } from '../../platform/keys/keyring.js';
import { nodeSignatureCheck } from '../cards/node-signature.js';
import type { HubRecord } from './registry.js';

/**
 * Long enough for one customer at the counter (card shown, balance read, sale, photo shown again), not a standing pass.
 */
export const cardPresentationWindowMs = 15 * 60_000;
/** Where a hub sends the credential of the card in front of it. */
export const cardCredentialHeader = 'x-card-credential';

/**
 * Records that `credential` was presented at `hub` when it is a valid credential of card
 * `cardId` (and, when given, of `ismailId`); says whether it did.
 */
export async function recordCardPresentation(
  db: Database,
  keyring: Keyring,
  hub: HubRecord,
  cardId: string,
  credential: string | undefined,
  ismailId?: string,
): Promise<boolean> {
  if (credential === undefined || credential.length === 0 || credential.length > cardTokenMaxChars) return false;
  const result = await verifyCardToken(credential, {
    keys: await keyring.publicKeys('card', credential),
    checkSignature: nodeSignatureCheck,
    nowS: Math.floor(Date.now() / 1000),
    listing: async (id): Promise<CardListing> => {
      const { rows } = await db.pool.query<{ state: string; state_changed_at: Date }>(
        'SELECT state, state_changed_at FROM cards WHERE id = $1',
        [id],
      );
      const row = rows[0];
      if (row === undefined || row.state === 'revoked' || row.state === 'superseded')
        return { state: 'revoked', since: row?.state_changed_at.toISOString() ?? 'never issued' };
      if (row.state === 'suspended') return { state: 'suspended', since: row.state_changed_at.toISOString() };
      return undefined;
    },
    // Showing a dynamic code to look up the balance is not paying with it: its single use stays.
    firstUse: () => true,
  });
  if (!result.ok || result.claims.cid !== cardId || (ismailId !== undefined && result.claims.sub !== ismailId))
    return false;
  await db.pool.query(
    `INSERT INTO hub_card_presentations (hub_id, card_id, presented_at) VALUES ($1, $2, now())
     ON CONFLICT (hub_id, card_id) DO UPDATE SET presented_at = excluded.presented_at`,
    [hub.id, cardId],
  );
  return true;
}

/** The holder of card `cardId` (in force) when `hub` may look it up now; null otherwise. */
export async function cardInHubScope(
  db: Database,
  hub: HubRecord,
  cardId: string,
): Promise<{ accountId: string; ismailId: string } | null> {
  const { rows } = await db.pool.query<{ account_id: string; ismail_id: string }>(
    `SELECT c.account_id, c.ismail_id FROM cards c
     WHERE c.id = $1 AND c.state = 'active' AND c.expires_at > now()
       AND (EXISTS (SELECT 1 FROM hub_card_presentations p WHERE p.hub_id = $2 AND p.card_id = c.id AND p.presented_at > now() - make_interval(secs => $4))
         OR EXISTS (SELECT 1 FROM shop_orders o WHERE o.buyer_id = c.account_id AND o.partner_id = $3 AND o.status IN ('confirmed', 'shipped', 'delivered'))
         OR EXISTS (SELECT 1 FROM booking_reservations r WHERE r.client_id = c.account_id AND r.partner_id = $3 AND r.status = 'confirmed'))`,
    [cardId, hub.id, hub.partnerId, cardPresentationWindowMs / 1000],
  );
  const row = rows[0];
  return row === undefined ? null : { accountId: row.account_id, ismailId: row.ismail_id };
}

/** Presentations are kept a day (who looked at which card, where), then pruned. */
export async function prunePresentations(db: Database, nowMs: number): Promise<void> {
  await db.pool.query('DELETE FROM hub_card_presentations WHERE presented_at < $1', [new Date(nowMs - 24 * 3_600_000)]);
}
