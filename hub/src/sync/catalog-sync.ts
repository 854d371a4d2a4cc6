/**
 * The establishment's catalog at the counter, replicated from the cloud's `shop_products`
 * shape (see shape-sync): barcode and name lookups work with the cloud unreachable. Name
 * search ignores case and accents through each row's search key (the shared searchKey, the
 * cloud's own normaliser, so both find the same products); names are answered by the shared
 * display rule, so text the counter puts on a ticket passes the hub's input rule.
 */
import { displayText, searchKey, searchKeyContains } from '@ismail/shared';
import type { HubDatabase } from '../store/open.js';
import type { CredentialStore } from './credentials.js';
import { ShapeSync, type ShapeReplica } from './shape-sync.js';

export interface CatalogProduct {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly barcode: string | null;
  readonly priceXof: number;
  readonly taxGroup: string;
}

/** A row of the replica (`catalog_products`), as a lookup reads it. */
interface ProductRow {
  id: string;
  name: string;
  category: string;
  barcode: string | null;
  price_xof: number;
  tax_group: string;
}

/** The counter's view of a product: its name by the shared display rule. */
const toCatalogProduct = (r: ProductRow): CatalogProduct => ({
  id: r.id,
  name: displayText(r.name),
  category: r.category,
  barcode: r.barcode,
  priceXof: r.price_xof,
  taxGroup: r.tax_group,
});

/** Rows keyed per transaction when the catalog opens: bounds the time the write lock is held. */
const backfillBatch = 500;

export const catalogReplica: ShapeReplica<'shop_products'> = {
  shape: 'shop_products',
  clear: (db) => db.prepare('DELETE FROM catalog_products').run(),
  upsert: (db, row) => {
    db.prepare(
      `INSERT INTO catalog_products (id, name, category, kind, barcode, price_xof, tax_group, active, search_key) VALUES (@id, @name, @category, @kind, @barcode, @price_xof, @tax_group, @active, @search_key)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, category = excluded.category, kind = excluded.kind, barcode = excluded.barcode, price_xof = excluded.price_xof, tax_group = excluded.tax_group, active = excluded.active, search_key = excluded.search_key`,
    ).run({
      id: row.id,
      name: row.name,
      category: row.category,
      kind: row.kind,
      barcode: row.barcode,
      price_xof: Number(row.price_xof),
      tax_group: row.tax_group,
      active: row.active === 't' ? 1 : 0,
      search_key: searchKey(row.name),
    });
  },
  remove: (db, id) => db.prepare('DELETE FROM catalog_products WHERE id = ?').run(id),
};

export class CatalogSync {
  private readonly sync: ShapeSync<'shop_products'>;

  constructor(
    private readonly db: HubDatabase,
    credentials: CredentialStore,
    retryBaseMs = 1_000,
  ) {
    this.sync = new ShapeSync(db, credentials, catalogReplica, retryBaseMs);
    this.keyRowsWithoutKey();
  }

  /** Rows replicated before hub migration 0018 get their search key from the one normaliser. */
  private keyRowsWithoutKey(): void {
    const pending = this.db.prepare<[number], { id: string; name: string }>(
      'SELECT id, name FROM catalog_products WHERE search_key IS NULL LIMIT ?',
    );
    const write = this.db.prepare<[string, string]>('UPDATE catalog_products SET search_key = ? WHERE id = ?');
    for (;;) {
      const rows = pending.all(backfillBatch);
      if (rows.length === 0) return;
      this.db.transaction(() => {
        for (const row of rows) write.run(searchKey(row.name), row.id);
      })();
    }
  }

  start(): void {
    this.sync.start();
  }

  stop(): void {
    this.sync.stop();
  }

  lookup(query: { barcode?: string | undefined; text?: string | undefined }): CatalogProduct[] {
    const rows =
      query.barcode !== undefined
        ? this.db
            .prepare<[string], ProductRow>('SELECT * FROM catalog_products WHERE barcode = ? AND active = 1')
            .all(query.barcode)
        : this.db
            .prepare<[string], ProductRow>(
              "SELECT * FROM catalog_products WHERE active = 1 AND search_key LIKE ? ESCAPE '\\' ORDER BY name LIMIT 50",
            )
            .all(searchKeyContains(query.text ?? ''));
    return rows.map(toCatalogProduct);
  }

  state(): { products: number; syncedAt: string | null; lastError: string | null } {
    const count = this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM catalog_products').get()?.n ?? 0;
    return { products: count, syncedAt: this.sync.syncedAt(), lastError: this.sync.lastError };
  }
}
