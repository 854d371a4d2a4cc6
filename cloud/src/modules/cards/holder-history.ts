/**
 * The checks of one holder's cards, for the holder: the cloud's online verifications (every one
 * is logged in card_verifications, by card), the checks counters made and reported through their
 * outbox (hub_card_checks, online or offline), and the counters where a card was presented to the
 * cloud for its photo or balance (hub_card_presentations keeps the latest per hub) when no reported
 * check of that counter is near it (the report comes a moment later, or days later when offline).
 * Newest first, bounded. The caller decides whose history this is: only the holder's own.
 */
import type { Database } from '../../platform/db/database.js';

export const verificationsMax = 50;

export interface CardVerificationEntry {
  readonly at: string;
  readonly outcome: 'valid' | 'refused';
  readonly reason: string | null;
  readonly by: 'account' | 'hub' | 'public';
  readonly who: string | null;
  readonly place: string;
}

interface Row {
  at: Date;
  outcome: 'valid' | 'refused';
  reason: string | null;
  by: 'account' | 'hub' | 'public';
  who: string | null;
  place: string;
}

export async function cardHistory(db: Database, accountId: string): Promise<CardVerificationEntry[]> {
  // An address is not shown to the holder as a place: "ip:…" becomes the public check without a place.
  const { rows } = await db.pool.query<Row>(
    `SELECT * FROM (
       SELECT v.at, v.outcome, v.reason,
              CASE WHEN v.verifier_account_id IS NULL THEN 'public' ELSE 'account' END AS by,
              a.display_name AS who,
              CASE WHEN v.place LIKE 'ip:%' THEN '' ELSE v.place END AS place
       FROM card_verifications v
       JOIN cards c ON c.id = v.card_id
       LEFT JOIN accounts a ON a.id = v.verifier_account_id
       WHERE c.account_id = $1
       UNION ALL
       SELECT k.checked_at AS at, k.outcome, k.reason, 'hub' AS by, partner.display_name AS who, h.name AS place
       FROM hub_card_checks k
       JOIN cards c ON c.id = k.card_id
       JOIN hubs h ON h.id = k.hub_id
       JOIN accounts partner ON partner.id = h.partner_id
       WHERE c.account_id = $1
       UNION ALL
       SELECT p.presented_at AS at, 'valid' AS outcome, NULL AS reason, 'hub' AS by,
              partner.display_name AS who, h.name AS place
       FROM hub_card_presentations p
       JOIN cards c ON c.id = p.card_id
       JOIN hubs h ON h.id = p.hub_id
       JOIN accounts partner ON partner.id = h.partner_id
       WHERE c.account_id = $1
         AND NOT EXISTS (
           SELECT 1 FROM hub_card_checks k
           WHERE k.hub_id = p.hub_id AND k.card_id = p.card_id
             AND k.checked_at BETWEEN p.presented_at - interval '10 minutes' AND p.presented_at + interval '10 minutes'
         )
     ) history ORDER BY at DESC LIMIT $2`,
    [accountId, verificationsMax],
  );
  return rows.map((r) => ({
    at: r.at.toISOString(),
    outcome: r.outcome,
    reason: r.reason,
    by: r.by,
    who: r.who,
    place: r.place,
  }));
}
