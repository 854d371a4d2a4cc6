/**
 * What an attack must leave as it was: every ledger account's totals, the number of
 * ledger operations and transfers, online and hub stock, invoices, orders and bookings.
 * Attack tests take a snapshot before, try the attack, and compare after.
 */
import type { Database } from '../../src/platform/db/database.js';

export interface MoneyState {
  readonly accounts: Record<string, string>;
  readonly operations: number;
  readonly transfers: number;
  readonly stock: Record<string, number>;
  readonly invoices: number;
  readonly orders: Record<string, string>;
  readonly reservations: Record<string, string>;
}

export async function moneyState(db: Database): Promise<MoneyState> {
  const accounts = await db.pool.query<{ code: string; totals: string }>(
    "SELECT code, debits_posted || '/' || credits_posted || '/' || debits_pending || '/' || credits_pending AS totals FROM ledger_accounts ORDER BY code",
  );
  const counts = await db.pool.query<{ operations: number; transfers: number; invoices: number }>(
    'SELECT (SELECT count(*)::int FROM ledger_operations) AS operations, (SELECT count(*)::int FROM ledger_transfers) AS transfers, (SELECT count(*)::int FROM invoices) AS invoices',
  );
  const stock = await db.pool.query<{ key: string; quantity: number }>(
    "SELECT product_id || '@' || place AS key, quantity FROM shop_stock ORDER BY 1",
  );
  const orders = await db.pool.query<{ id: string; status: string }>('SELECT id, status FROM shop_orders ORDER BY id');
  const reservations = await db.pool.query<{ id: string; status: string }>(
    'SELECT id, status FROM booking_reservations ORDER BY id',
  );
  const row = counts.rows[0] ?? { operations: 0, transfers: 0, invoices: 0 };
  return {
    accounts: Object.fromEntries(accounts.rows.map((r) => [r.code, r.totals])),
    operations: row.operations,
    transfers: row.transfers,
    stock: Object.fromEntries(stock.rows.map((r) => [r.key, r.quantity])),
    invoices: row.invoices,
    orders: Object.fromEntries(orders.rows.map((r) => [r.id, r.status])),
    reservations: Object.fromEntries(reservations.rows.map((r) => [r.id, r.status])),
  };
}
