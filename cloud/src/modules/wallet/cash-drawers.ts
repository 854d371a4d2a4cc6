/**
 * Cash drawers (SPEC 3.5, issue 20.3): cash becomes credits only through the drawer of a
 * registered, active hub, and a person selling it from the cloud must be that hub's own
 * establishment (its partner, or staff of it holding the counter's write action), or an
 * admin acting, audited, on the partner's behalf. Each hub's drawer takes at most its daily
 * cash ceiling (`hubs.cash_top_up_per_day_xof`, signed into its policy, migration 0025): one
 * day's counter (`hub_day_totals.cash_top_up_xof`) is shared with the cash the hub pushes
 * (hubs/wallet-claims.ts), so cloud sales and counter sales together stay under it.
 *
 * Owns: who may sell cash at which hub, the per-operation and per-day bounds. Must never
 * create a drawer (the ledger does, and migration 0027 lets it only for a registered hub),
 * nor tell a caller whether a hub it may not use exists.
 */
import type pg from 'pg';
import { AppError, hubDay, hubRoleFor, type Action, type Principal } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { uuidPattern } from '@ismail/shared';

/** One cash sale at most: above this a counter sells in several, each counted. */
export const cashTopUpMaxXofPerOperation = 500_000;
/** A hub's daily cash ceiling until an admin sets its own (the default of migration 0025). */
export const cashTopUpMaxXofPerHubPerDay = 2_000_000;

const adminProfiles = new Set(['admin', 'super_admin', 'hyper_admin']);

export interface CashHub {
  readonly id: string;
  readonly partnerId: string;
  readonly perDayXof: number;
}

/** The active hub with this id, or the one refusal that says nothing about other hubs. */
export async function activeCashHub(db: Database, hubId: string): Promise<CashHub> {
  if (!uuidPattern.test(hubId)) throw new AppError('CASH_HUB_NOT_FOUND');
  const { rows } = await db.pool.query<{ id: string; partner_id: string; status: string; per_day: string }>(
    'SELECT id, partner_id, status, cash_top_up_per_day_xof AS per_day FROM hubs WHERE id = $1',
    [hubId],
  );
  const row = rows[0];
  if (row === undefined || row.status !== 'active') throw new AppError('CASH_HUB_NOT_FOUND');
  return { id: row.id, partnerId: row.partner_id, perDayXof: Number(row.per_day) };
}

/**
 * Whether `principal` may sell cash for `accountId` at `hubId`: the hub's partner itself, its
 * staff holding the write action (a cashier or manager there, as at the hub), or an admin
 * (then `onBehalfOf` names the partner, for the audit). Nobody credits the establishment
 * itself, its staff, or themselves: cash a seller hands itself is a loop, not a sale.
 */
export async function authorizeCashSale(
  db: Database,
  principal: Principal,
  input: { hubId: string; accountId: string },
): Promise<{ hub: CashHub; onBehalfOf: string | null }> {
  const isAdmin = adminProfiles.has(principal.profile) && principal.delegatedActions === undefined;
  if (!isAdmin && principal.profile !== 'partner')
    throw new AppError('FORBIDDEN', 'Only a partner counter or an admin sells credits for cash.');
  // An admin moving cash into someone's counter does so from a session opened with the second factor.
  if (isAdmin && !principal.secondFactor) throw new AppError('SECOND_FACTOR_REQUIRED');
  const hub = await activeCashHub(db, input.hubId);
  if (!isAdmin) {
    // Staff rights as they are now (a token may predate a change of delegation).
    const { rows } = await db.pool.query<{
      staff_of: string | null;
      delegated_actions: Action[] | null;
      status: string;
    }>('SELECT staff_of, delegated_actions, status FROM accounts WHERE id = $1', [principal.accountId]);
    const me = rows[0];
    const role =
      me === undefined || me.status !== 'active'
        ? null
        : hubRoleFor({
            isOwner: me.staff_of === null && principal.accountId === hub.partnerId,
            isStaff: me.staff_of === hub.partnerId,
            delegatedActions: me.delegated_actions ?? [],
          });
    if (role === null) throw new AppError('CASH_HUB_NOT_FOUND');
  }
  const recipient = await db.pool.query<{ staff_of: string | null }>('SELECT staff_of FROM accounts WHERE id = $1', [
    input.accountId,
  ]);
  const staffOf = recipient.rows[0]?.staff_of ?? null;
  if (input.accountId === hub.partnerId || staffOf === hub.partnerId || input.accountId === principal.accountId)
    throw new AppError('CASH_TOP_UP_SELF');
  return { hub, onBehalfOf: isAdmin ? hub.partnerId : null };
}

/**
 * Inside the top-up's ledger transaction: the hub's cash day (UTC) raised by this sale only
 * while it stays within the ceiling, in one `INSERT ... ON CONFLICT DO UPDATE ... WHERE`
 * (the row lock orders concurrent sales; no read-then-write), or the operation rolls back.
 */
export async function enforceDailyCashCeiling(
  client: pg.PoolClient,
  hub: CashHub,
  amountXof: number,
  at: Date,
): Promise<void> {
  const raised = await client.query(
    `INSERT INTO hub_day_totals AS t (hub_id, day, cash_top_up_xof) SELECT $1, $2::date, $3::bigint WHERE $3::bigint <= $4::bigint
     ON CONFLICT (hub_id, day) DO UPDATE SET cash_top_up_xof = t.cash_top_up_xof + excluded.cash_top_up_xof
     WHERE t.cash_top_up_xof + excluded.cash_top_up_xof <= $4::bigint`,
    [hub.id, hubDay(at), amountXof, hub.perDayXof],
  );
  if (raised.rowCount !== 1)
    throw new AppError(
      'CASH_TOP_UP_LIMIT_EXCEEDED',
      `This hub's drawer takes at most ${String(hub.perDayXof)} FCFA of cash a day.`,
    );
}
