/**
 * The partner's catalog as its owner edits it (issue 23): list with stock per place, edit under a version
 * (optimistic concurrency: a stale version is a 409, never a silent overwrite), soft delete (active false and
 * deleted_at: the hub's next pull sees the row turn inactive; orders and invoices keep pointing at it), each change
 * audited. Updates of shop_products are logged for hubs by the shape trigger (migration 0012) in the same transaction.
 */
import type pg from 'pg';
import { alertIfLowStock } from './stock-alerts.js';
import { AppError, searchKeyContains } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { productSearchKey } from './shop.js';

export interface CatalogProduct {
  readonly id: string;
  readonly sku: string | null;
  readonly name: string;
  readonly description: string;
  readonly category: string;
  readonly kind: 'physical' | 'digital';
  readonly barcode: string | null;
  readonly priceXof: number;
  readonly taxGroup: string;
  readonly active: boolean;
  readonly version: number;
  readonly stock: readonly { place: string; quantity: number }[];
  /** A photo was uploaded (served at /v1/shop/products/:id/photo/small|large while the product is on sale). */
  readonly hasPhoto: boolean;
}

export interface ProductEdit {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly category?: string | undefined;
  readonly barcode?: string | null | undefined;
  readonly sku?: string | null | undefined;
  readonly priceXof?: number | undefined;
  readonly taxGroup?: string | undefined;
  readonly active?: boolean | undefined;
  /** Counted quantity per place: the stock is set to it with a "count" movement. */
  readonly stock?: readonly { place: string; quantity: number }[] | undefined;
}

export interface Actor {
  readonly accountId: string;
  readonly label: string;
}

interface Row {
  id: string;
  sku: string | null;
  name: string;
  description: string;
  category: string;
  kind: 'physical' | 'digital';
  barcode: string | null;
  price_xof: number;
  tax_group: string;
  active: boolean;
  version: number;
  stock: { place: string; quantity: number }[] | null;
  has_photo: boolean;
}

const columns = `p.id, p.sku, p.name, p.description, p.category, p.kind, p.barcode, p.price_xof, p.tax_group, p.active,
  p.version, (SELECT json_agg(json_build_object('place', s.place, 'quantity', s.quantity) ORDER BY s.place)
  FROM shop_stock s WHERE s.product_id = p.id) AS stock,
  EXISTS (SELECT 1 FROM shop_product_photos f WHERE f.product_id = p.id) AS has_photo`;

const toProduct = (r: Row): CatalogProduct => ({
  id: r.id,
  sku: r.sku,
  name: r.name,
  description: r.description,
  category: r.category,
  kind: r.kind,
  barcode: r.barcode,
  priceXof: r.price_xof,
  taxGroup: r.tax_group,
  active: r.active,
  version: r.version,
  stock: r.stock ?? [],
  hasPhoto: r.has_photo,
});

export const catalogPageMax = 100;

/** A unique index refused the write: the barcode or SKU is on another of the partner's products. */
export function duplicateCode(error: unknown): never {
  if ((error as { code?: string }).code === '23505')
    throw new AppError('CONFLICT', 'Ce code-barres ou ce SKU est déjà sur un autre produit.');
  throw error;
}

/** Sets a place's stock to a counted quantity: one "count" movement, referenced by the edit that made it. */
export async function setStock(
  client: pg.PoolClient,
  productId: string,
  place: string,
  quantity: number,
  reference: string,
): Promise<void> {
  await client.query('INSERT INTO shop_stock (product_id, place, quantity) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING', [
    productId,
    place,
  ]);
  const { rows } = await client.query<{ quantity: number; low_threshold: number }>(
    'SELECT quantity, low_threshold FROM shop_stock WHERE product_id = $1 AND place = $2 FOR UPDATE',
    [productId, place],
  );
  const before = rows[0]?.quantity ?? 0;
  const delta = quantity - before;
  if (delta === 0) return;
  await client.query('UPDATE shop_stock SET quantity = $3 WHERE product_id = $1 AND place = $2', [
    productId,
    place,
    quantity,
  ]);
  await client.query(
    'INSERT INTO shop_stock_movements (product_id, place, delta, reason, reference, quantity_after) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
    [productId, place, delta, 'count', `${reference}:${place}`, quantity],
  );
  await alertIfLowStock(client, { productId, place, before, after: quantity, threshold: rows[0]?.low_threshold ?? 0 });
}

export class CatalogService {
  constructor(private readonly db: Database) {}

  /** The partner's products not deleted (active or not), by name, with a keyset cursor on (name, id). */
  async list(
    partnerId: string,
    query: { text?: string | undefined; after?: { name: string; id: string } | undefined; limit?: number | undefined },
  ): Promise<{ products: CatalogProduct[]; next: { name: string; id: string } | null }> {
    const limit = Math.min(query.limit ?? 50, catalogPageMax);
    const text = query.text === undefined ? null : searchKeyContains(query.text);
    const { rows } = await this.db.pool.query<Row>(
      `SELECT ${columns} FROM shop_products p
       WHERE p.partner_id = $1 AND p.deleted_at IS NULL
         AND ($2::text IS NULL OR p.search_key LIKE $2 OR p.sku = $5 OR p.barcode = $5)
         AND ($3::text IS NULL OR (p.name, p.id) > ($3, $4::uuid))
       ORDER BY p.name, p.id LIMIT $6`,
      [partnerId, text, query.after?.name ?? null, query.after?.id ?? null, query.text ?? null, limit + 1],
    );
    const products = rows.slice(0, limit).map(toProduct);
    const last = products.at(-1);
    return {
      products,
      next: rows.length > limit && last !== undefined ? { name: last.name, id: last.id } : null,
    };
  }

  /** One of the partner's products (not deleted); another partner's is "not found", so ids leak nothing. */
  async get(partnerId: string, productId: string, client?: pg.PoolClient): Promise<CatalogProduct> {
    const { rows } = await (client ?? this.db.pool).query<Row>(
      `SELECT ${columns} FROM shop_products p WHERE p.id = $1 AND p.partner_id = $2 AND p.deleted_at IS NULL`,
      [productId, partnerId],
    );
    const row = rows[0];
    if (row === undefined) throw new AppError('NOT_FOUND', 'Produit introuvable.');
    return toProduct(row);
  }

  /** The partner a product belongs to (admins act on any partner's catalog). */
  async partnerOfProduct(productId: string): Promise<string> {
    const { rows } = await this.db.pool.query<{ partner_id: string }>(
      'SELECT partner_id FROM shop_products WHERE id = $1 AND deleted_at IS NULL',
      [productId],
    );
    const row = rows[0];
    if (row === undefined) throw new AppError('NOT_FOUND', 'Produit introuvable.');
    return row.partner_id;
  }

  /** Applies an edit if the product is still at `version`; 409 otherwise (someone else saved first). */
  async edit(
    actor: Actor,
    partnerId: string,
    productId: string,
    version: number,
    edit: ProductEdit,
  ): Promise<CatalogProduct> {
    return withTransaction(this.db.pool, async (client) => {
      const current = await this.locked(client, partnerId, productId, version);
      const next = {
        name: edit.name ?? current.name,
        description: edit.description ?? current.description,
        category: edit.category ?? current.category,
        barcode: edit.barcode === undefined ? current.barcode : edit.barcode,
        sku: edit.sku === undefined ? current.sku : edit.sku,
        priceXof: edit.priceXof ?? current.priceXof,
        taxGroup: edit.taxGroup ?? current.taxGroup,
        active: edit.active ?? current.active,
      };
      await client
        .query(
          `UPDATE shop_products SET name = $3, description = $4, category = $5, barcode = $6, sku = $7, price_xof = $8,
             tax_group = $9, active = $10, search_key = $11, version = version + 1, updated_at = now()
           WHERE id = $1 AND partner_id = $2`,
          [
            productId,
            partnerId,
            next.name,
            next.description,
            next.category,
            next.barcode,
            next.sku,
            next.priceXof,
            next.taxGroup,
            next.active,
            productSearchKey(next.name, next.description),
          ],
        )
        .catch(duplicateCode);
      for (const s of edit.stock ?? [])
        await setStock(client, productId, s.place, s.quantity, `catalog-edit:${String(version + 1)}`);
      const changed = Object.keys(edit).filter((k) => k !== 'stock');
      await appendAudit(client, {
        actor,
        action: 'shop.product_edited',
        subject: { type: 'product', id: productId },
        place: 'cloud',
        detail: {
          partnerId,
          version: version + 1,
          changed,
          ...(edit.priceXof === undefined ? {} : { priceXof: { from: current.priceXof, to: next.priceXof } }),
          ...(edit.stock === undefined ? {} : { stock: edit.stock }),
        },
      });
      return this.get(partnerId, productId, client);
    });
  }

  /** Soft delete at `version`: inactive for buyers and hubs, kept for the orders and invoices that name it. */
  async remove(actor: Actor, partnerId: string, productId: string, version: number): Promise<void> {
    await withTransaction(this.db.pool, async (client) => {
      const current = await this.locked(client, partnerId, productId, version);
      await client.query(
        `UPDATE shop_products SET active = false, deleted_at = now(), version = version + 1, updated_at = now()
         WHERE id = $1 AND partner_id = $2`,
        [productId, partnerId],
      );
      await appendAudit(client, {
        actor,
        action: 'shop.product_deleted',
        subject: { type: 'product', id: productId },
        place: 'cloud',
        detail: { partnerId, name: current.name, version: version + 1 },
      });
    });
  }

  /** The product row locked for this transaction, checked against the version the editor read. */
  private async locked(
    client: pg.PoolClient,
    partnerId: string,
    productId: string,
    version: number,
  ): Promise<CatalogProduct> {
    await client.query('SELECT 1 FROM shop_products WHERE id = $1 AND partner_id = $2 FOR UPDATE', [
      productId,
      partnerId,
    ]);
    const current = await this.get(partnerId, productId, client);
    if (current.version !== version)
      throw new AppError(
        'CONFLICT',
        `Ce produit a été modifié entre-temps (version ${String(current.version)}) : rechargez-le avant d'enregistrer.`,
        [{ path: 'if-match', problem: `version actuelle ${String(current.version)}` }],
      );
    return current;
  }
}
