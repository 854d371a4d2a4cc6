/**
 * Units on the shelf at this hub (issue 28.1): the hub is the one authority for stock across
 * its terminals. A product a manager counted here (`hub_stock`) is sold only while units
 * remain: the check and the decrement are one UPDATE ... WHERE on_hand >= quantity, run inside
 * the sale's IMMEDIATE transaction, so of two terminals selling the last unit at once, SQLite's
 * write lock lets one through and the other finds none left. A product never counted here is
 * not limited (the catalog feed carries no stock).
 */
import { AppError } from '@ismail/shared';
import type { HubDatabase } from '../store/open.js';

export interface ShelfLine {
  readonly productId: string;
  readonly label: string;
  readonly quantity: number;
}

/** Takes the sale's units off the shelf, in the caller's transaction; refuses the sale when a line lacks them. */
export function takeFromShelf(db: HubDatabase, lines: readonly ShelfLine[]): void {
  const take = db.prepare<[number, string, number], { on_hand: number }>(
    'UPDATE hub_stock SET on_hand = on_hand - ? WHERE product_id = ? AND on_hand >= ? RETURNING on_hand',
  );
  const left = db.prepare<[string], { on_hand: number }>('SELECT on_hand FROM hub_stock WHERE product_id = ?');
  for (const line of lines) {
    if (take.get(line.quantity, line.productId, line.quantity) !== undefined) continue;
    const counted = left.get(line.productId);
    if (counted === undefined) continue;
    // CONFLICT with the stable reason in its details (the counter app says it in its own words).
    throw new AppError(
      'CONFLICT',
      counted.on_hand === 0
        ? `Rupture de stock : plus aucun « ${line.label} » en rayon (vendu sur un autre poste ?). La vente n’est pas enregistrée.`
        : `Stock insuffisant : il reste ${String(counted.on_hand)} « ${line.label} », la vente en demande ${String(line.quantity)}. La vente n’est pas enregistrée.`,
      [{ path: `items.${line.productId}`, problem: 'OUT_OF_STOCK' }],
    );
  }
}

/** Units back on the shelf (a credit note), for products counted here. */
export function putBackOnShelf(db: HubDatabase, lines: readonly { productId: string; quantity: number }[]): void {
  const put = db.prepare('UPDATE hub_stock SET on_hand = on_hand + ? WHERE product_id = ?');
  for (const line of lines) if (line.quantity > 0) put.run(line.quantity, line.productId);
}

/** A manager's count of a product's units on the shelf here. */
export function countShelf(
  db: HubDatabase,
  productId: string,
  onHand: number,
  by: string,
  at: Date = new Date(),
): { productId: string; onHand: number; countedAt: string } {
  const countedAt = at.toISOString();
  db.prepare(
    'INSERT INTO hub_stock (product_id, on_hand, counted_at, counted_by) VALUES (?, ?, ?, ?) ON CONFLICT (product_id) DO UPDATE SET on_hand = excluded.on_hand, counted_at = excluded.counted_at, counted_by = excluded.counted_by',
  ).run(productId, onHand, countedAt, by);
  return { productId, onHand, countedAt };
}
