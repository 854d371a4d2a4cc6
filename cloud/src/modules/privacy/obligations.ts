/**
 * What stops an erasure (issue 27): the person still holds credits, or is party to something unfinished that their
 * identity is needed for. Read in the erasure's transaction, after the account's row lock, so a payment cannot slip in
 * between the check and the erasure. Each reason is French and says which obligation it is.
 */
import type pg from 'pg';

interface Check {
  readonly sql: string;
  readonly reason: (n: number) => string;
}

const checks: readonly Check[] = [
  {
    // Hundredths of a credit still on the person's wallets, settled or pending.
    sql: `SELECT coalesce(sum(credits_posted - debits_posted + credits_pending), 0)::bigint AS n
            FROM ledger_accounts WHERE owner_account_id = $1 AND kind = 'wallet'`,
    reason: (n) =>
      `Il reste ${String(Math.floor(n / 100))} crédits sur le portefeuille : ils doivent être utilisés ou remboursés avant l’effacement.`,
  },
  {
    sql: `SELECT count(*)::bigint AS n FROM debt_files
           WHERE status = 'open' AND (debtor_account_id = $1 OR creditor_account_id = $1)`,
    reason: (n) => `${String(n)} dette(s) de crédits encore ouverte(s).`,
  },
  {
    sql: `SELECT count(*)::bigint AS n FROM collection_files
           WHERE status NOT IN ('paid', 'written_off') AND (debtor_id = $1 OR creditor_id = $1)`,
    reason: (n) => `${String(n)} dossier(s) de recouvrement non clos (comme créancier ou débiteur).`,
  },
  {
    sql: `SELECT count(*)::bigint AS n FROM shop_orders
           WHERE status IN ('pending', 'confirmed', 'shipped') AND (buyer_id = $1 OR partner_id = $1)`,
    reason: (n) => `${String(n)} commande(s) non terminée(s).`,
  },
  {
    sql: `SELECT count(*)::bigint AS n FROM booking_reservations
           WHERE (status = 'held' OR (status = 'confirmed' AND check_out >= current_date))
             AND (client_id = $1 OR partner_id = $1)`,
    reason: (n) => `${String(n)} réservation(s) à venir.`,
  },
  {
    sql: `SELECT count(*)::bigint AS n FROM service_appointments
           WHERE status IN ('booked', 'done', 'disputed') AND (client_id = $1 OR provider_id = $1)`,
    reason: (n) => `${String(n)} prestation(s) en cours (séquestre non libéré).`,
  },
  {
    sql: `SELECT count(*)::bigint AS n FROM real_estate_leases
           WHERE status IN ('awaiting_signatures', 'active') AND (tenant_id = $1 OR landlord_id = $1)`,
    reason: (n) => `${String(n)} bail (baux) en cours.`,
  },
];

/** The French reasons the erasure is refused today; empty when nothing stops it. */
export async function openObligations(client: pg.PoolClient, accountId: string): Promise<string[]> {
  const reasons: string[] = [];
  for (const check of checks) {
    const { rows } = await client.query<{ n: string }>(check.sql, [accountId]);
    const n = Number(rows[0]?.n ?? 0);
    if (n > 0) reasons.push(check.reason(n));
  }
  return reasons;
}
