/**
 * The cards' hub operation: a card or dynamic QR checked at a counter (`cards.checked`), online or
 * offline, recorded for the holder's history of checks (holder-history.ts). The hub's word is
 * taken for what it saw (the outcome, its reason) and when, never for whose card it was: the card
 * comes from the token's signed claims, and a token whose signature does not verify is refused
 * (nothing in it can be attributed to a card). A report sent again is recorded once.
 */
import { AppError, verifyCardToken } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import type { Keyring } from '../../platform/keys/keyring.js';
import type { HubOperationHandler } from '../hubs/operation-registry.js';
import { nodeSignatureCheck } from './node-signature.js';

/** A hub's clock may run ahead; a check is never recorded as later than the cloud's now. */
const futureLeewayMs = 5 * 60_000;

export function cardHubOperations(deps: { db: Database; keyring: Keyring }): HubOperationHandler<'cards.checked'> {
  return {
    type: 'cards.checked',
    describes: 'a card check at the counter',
    apply: async (hub, op) => {
      const checkedAtMs = Math.min(Date.parse(op.at), Date.now() + futureLeewayMs);
      // Only the signature and the claims matter here: the card's state then was the hub's to judge.
      const read = await verifyCardToken(op.payload.token, {
        keys: await deps.keyring.publicKeys('card', op.payload.token),
        checkSignature: nodeSignatureCheck,
        nowS: Math.floor(checkedAtMs / 1000),
        listing: () => undefined,
        firstUse: () => true,
      });
      const claims = read.claims;
      if (claims === undefined)
        throw new AppError(
          'VALIDATION_FAILED',
          `The checked token is not a card this cloud signed (${read.ok ? '' : read.reason}).`,
        );
      const { rowCount } = await deps.db.pool.query(
        `INSERT INTO hub_card_checks (operation_id, hub_id, card_id, outcome, reason, checked_at)
         SELECT $1, $2, c.id, $4, $5, $6 FROM cards c WHERE c.id = $3
         ON CONFLICT (operation_id) DO NOTHING`,
        [
          op.id,
          hub.id,
          claims.cid,
          op.payload.outcome,
          op.payload.outcome === 'valid' ? null : op.payload.reason,
          new Date(checkedAtMs),
        ],
      );
      return { recorded: rowCount === 1, cardId: claims.cid };
    },
  };
}
