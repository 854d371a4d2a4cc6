/**
 * What a claim is about, checked against the record itself: the caller must be the order's buyer, the booking's guest,
 * the service request's client, the invoice's recipient, the debt file's debtor or the card's holder. The partner
 * concerned comes from that record (never from the request). Anything else answers as if it did not exist (404), so a
 * guessed id tells nothing about another person's purchases.
 */
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import type { AboutType } from './model.js';

export interface About {
  readonly type: AboutType;
  readonly id: string;
}

/** One query per kind: the row exists AND belongs to the caller; the answer is the partner concerned (or null). */
const ownership: Record<AboutType, string> = {
  order: 'SELECT partner_id FROM shop_orders WHERE id = $1 AND buyer_id = $2',
  booking: 'SELECT partner_id FROM booking_reservations WHERE id = $1 AND client_id = $2',
  // The provider who took the job (its appointment), else the one whose quote was accepted, else nobody yet.
  service_request: `SELECT coalesce(
       (SELECT provider_id FROM service_appointments a WHERE a.request_id = r.id ORDER BY a.created_at DESC LIMIT 1),
       (SELECT provider_id FROM service_quotes q WHERE q.request_id = r.id AND q.status = 'accepted' LIMIT 1)
     ) AS partner_id
     FROM service_requests r WHERE r.id = $1 AND r.client_id = $2`,
  invoice: 'SELECT issuer_account_id AS partner_id FROM invoices WHERE id = $1 AND recipient_account_id = $2',
  debt_file: 'SELECT creditor_id AS partner_id FROM collection_files WHERE id = $1 AND debtor_id = $2',
  // A card is ISMAIL's own: no partner concerned.
  card: 'SELECT NULL::uuid AS partner_id FROM cards WHERE id = $1 AND account_id = $2',
};

/** The partner concerned by `about`, or null; 404 when the record is not the caller's. */
export async function partnerConcerned(
  client: pg.PoolClient,
  customerId: string,
  about: About,
): Promise<string | null> {
  const { rows } = await client.query<{ partner_id: string | null }>(ownership[about.type], [about.id, customerId]);
  const row = rows[0];
  if (row === undefined) throw new AppError('NOT_FOUND', 'Nous ne trouvons pas cet élément parmi les vôtres.');
  // A partner never claims against itself (a partner buying from its own shop): the claim goes to ISMAIL.
  return row.partner_id === customerId ? null : row.partner_id;
}
