/**
 * Cash drawers (SPEC 3.5, issue 20.3): cash becomes credits only through the drawer of a
 * registered, active hub, and a person selling it from the cloud must be that hub's own
 * establishment (its partner, or staff of it holding the counter's write action), or an
 * admin acting, audited, on the partner's behalf. Each hub's drawer takes at most its daily
 * cash ceiling, checked inside the ledger's transaction while the drawer's row is locked.
 *
 * Owns: who may sell cash at which hub, the per-operation and per-day bounds. Must never
 * create a drawer (the ledger does, and migration 0027 lets it only for a registered hub),
 * nor tell a caller whether a hub it may not use exists.
 */
import type pg from 'pg';
import { AppError, hubRoleFor, type Action, type Principal } from '@ismail/shared';
import type { Database } from '../db/database.js';

/** One cash sale at most: above this a counter sells in several, each counted. */
export const cashTopUpMaxXofPerOperation = 500_000;
/**
 * A hub's drawer takes at most this much cash a day (UTC) unless its own ceiling says
 * otherwise (`hubs.cash_top_up_per_day_xof`, set with its offline limits and signed into its
 * policy): about a busy counter's day, so a dishonest one mints at most this before it shows.
 */
export const cashTopUpMaxXofPerHubPerDay = 2_000_000;

const adminProfiles = new Set(['admin', 'super_admin', 'hyper_admin']);
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface CashHub {
  readonly id: string;
  readonly partnerId: string;
  readonly perDayXof: number;
}

/** The active hub with this id, or the one refusal that says nothing about other hubs. */
export async function activeCashHub(db: Database, hubId: string): Promise<CashHub> {
  if (!uuidPattern.test(hubId)) throw new AppError('CASH_HUB_NOT_FOUND');
  // to_jsonb: the per-hub ceiling column is the hub limits' own (shared with the hub push path);
  // until a hub has one, the default applies.
  const { rows } = await db.pool.query<{ id: string; partner_id: string; status: string; per_day: string | null }>(
    "SELECT h.id, h.partner_id, h.status, to_jsonb(h) ->> 'cash_top_up_per_day_xof' AS per_day FROM hubs h WHERE h.id = $1",
    [hubId],
  );
  const row = rows[0];
  if (row === undefined || row.status !== 'active') throw new AppError('CASH_HUB_NOT_FOUND');
  return { id: row.id, partnerId: row.partner_id, perDayXof: row.per_day === null ? cashTopUpMaxXofPerHubPerDay : Number(row.per_day) };
}

/**
 * Whether `principal` may sell cash for `accountId` at `hubId`: the hub's partner itself, its
 * staff holding the write action (a cashier or manager there, as at the hub), or an admin
 * (then `onBehalfOf` names the partner, for the audit). Nobody credits the establishment
 * itself, its staff, or themselves: cash a seller hands itself is a loop, not a sale.
 */
export async function authorizeCashSale(db: Database, principal: Principal, input: { hubId: string; accountId: string }): Promise<{ hub: CashHub; onBehalfOf: string | null }> {
  const isAdmin = adminProfiles.has(principal.profile) && principal.delegatedActions === undefined;
  if (!isAdmin && principal.profile !== 'partner') throw new AppError('FORBIDDEN', 'Only a partner counter or an admin sells credits for cash.');
  // An admin moving cash into someone's counter does so from a session opened with the second factor.
  if (isAdmin && !principal.secondFactor) throw new AppError('SECOND_FACTOR_REQUIRED');
  const hub = await activeCashHub(db, input.hubId);
  if (!isAdmin) {
    // Staff rights as they are now (a token may predate a change of delegation).
    const { rows } = await db.pool.query<{ staff_of: string | null; delegated_actions: Action[] | null; status: string }>('SELECT staff_of, delegated_actions, status FROM accounts WHERE id = $1', [principal.accountId]);
    const me = rows[0];
    const role =
      me === undefined || me.status !== 'active'
        ? null
        : hubRoleFor({ isOwner: me.staff_of === null && principal.accountId === hub.partnerId, isStaff: me.staff_of === hub.partnerId, delegatedActions: me.delegated_actions ?? [] });
    if (role === null) throw new AppError('CASH_HUB_NOT_FOUND');
  }
  const recipient = await db.pool.query<{ staff_of: string | null }>('SELECT staff_of FROM accounts WHERE id = $1', [input.accountId]);
  const staffOf = recipient.rows[0]?.staff_of ?? null;
  if (input.accountId === hub.partnerId || staffOf === hub.partnerId || input.accountId === principal.accountId) throw new AppError('CASH_TOP_UP_SELF');
  return { hub, onBehalfOf: isAdmin ? hub.partnerId : null };
}

/**
 * Inside the ledger's transaction, after the top-up is written and with the drawer's row
 * locked by it: the day's cash through this drawer (this sale included) within the ceiling,
 * or the whole operation rolls back. Concurrent sales at one hub queue on that lock.
 */
export async function enforceDailyCashCeiling(client: pg.PoolClient, hub: CashHub, now: Date): Promise<void> {
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const { rows } = await client.query<{ xof: string }>(
    `SELECT coalesce(sum((o.facts ->> 'amountXof')::bigint), 0) AS xof
     FROM ledger_accounts a JOIN ledger_transfers t ON t.debit_account_id = a.id JOIN ledger_operations o ON o.id = t.operation_id
     WHERE a.code = $1 AND t.leg = 'top_up' AND t.created_at >= $2`,
    [`cash_drawer:${hub.id}`, dayStart],
  );
  const soldXof = Number(rows[0]?.xof ?? 0);
  if (soldXof > hub.perDayXof) {
    throw new AppError('CASH_TOP_UP_LIMIT_EXCEEDED', `This hub's drawer takes at most ${String(hub.perDayXof)} FCFA of cash a day; this sale would make it ${String(soldXof)}.`);
  }
}
