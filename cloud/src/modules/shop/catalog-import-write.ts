/**
 * Applying a checked catalog file (seed 3.17). The dry run and the import share one plan: each valid row matched to
 * the partner's product by SKU (else barcode), its problems against the catalog found (a barcode or SKU already on
 * another product), nothing written. The import then writes the plan in one transaction, keyed by the file's
 * SHA-256: the same file submitted again (even at the same moment) returns the first result and writes nothing.
 * Rows of a known product update it (a deleted one comes back); rows of an unknown one create it.
 */
import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { setStock, type Actor } from './catalog-service.js';
import type { ImportRow, RowProblem } from './catalog-import.js';
import { onlinePlace, productSearchKey } from './shop.js';

export interface ImportResult {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: number;
}

interface Existing {
  id: string;
  sku: string | null;
  barcode: string | null;
  name: string;
  description: string;
  category: string;
  kind: string;
  price_xof: number;
  tax_group: string;
  active: boolean;
  deleted: boolean;
}

interface Plan {
  readonly writes: { row: ImportRow; existing: Existing | undefined }[];
  readonly problems: RowProblem[];
}

export const fileSha256 = (file: Buffer): string => createHash('sha256').update(file).digest('hex');

async function plan(client: pg.PoolClient | pg.Pool, partnerId: string, rows: readonly ImportRow[]): Promise<Plan> {
  const { rows: products } = await client.query<Existing>(
    `SELECT id, sku, barcode, name, description, category, kind, price_xof, tax_group, active,
            deleted_at IS NOT NULL AS deleted FROM shop_products WHERE partner_id = $1`,
    [partnerId],
  );
  const bySku = new Map(products.filter((p) => p.sku !== null).map((p) => [p.sku, p]));
  const byBarcode = new Map(products.filter((p) => p.barcode !== null).map((p) => [p.barcode, p]));
  const writes: Plan['writes'] = [];
  const problems: RowProblem[] = [];
  const claimedBarcodes = new Map<string, number>();
  for (const row of rows) {
    const existing = row.sku !== null ? bySku.get(row.sku) : byBarcode.get(row.barcode ?? '');
    if (row.barcode !== null) {
      const holder = byBarcode.get(row.barcode);
      const other = claimedBarcodes.get(row.barcode);
      if (holder !== undefined && holder.id !== existing?.id) {
        problems.push({ line: row.line, column: 'code_barres', message: 'Code-barres déjà sur un autre produit.' });
        continue;
      }
      if (other !== undefined) {
        problems.push({
          line: row.line,
          column: 'code_barres',
          message: `Code-barres déjà à la ligne ${String(other)} du fichier.`,
        });
        continue;
      }
      claimedBarcodes.set(row.barcode, row.line);
    }
    writes.push({ row, existing });
  }
  return { writes, problems };
}

/** The dry run: every problem of the file, those of its cells and those against the catalog, by line. */
export async function dryRun(db: Database, partnerId: string, rows: readonly ImportRow[]): Promise<Plan> {
  return plan(db.pool, partnerId, rows);
}

const same = (e: Existing, r: ImportRow): boolean =>
  !e.deleted &&
  e.name === r.name &&
  e.description === r.description &&
  e.category === r.category &&
  e.kind === r.kind &&
  e.price_xof === r.priceXof &&
  e.tax_group === r.taxGroup &&
  e.active === r.active &&
  e.barcode === r.barcode &&
  (r.sku === null || e.sku === r.sku);

/** Writes the file's valid rows once per file; a replay returns the first result with `replayed`. */
export async function importRows(
  db: Database,
  actor: Actor,
  partnerId: string,
  file: Buffer,
  rows: readonly ImportRow[],
  cellProblems: readonly RowProblem[],
): Promise<{ result: ImportResult; replayed: boolean; problems: RowProblem[] }> {
  const sha = fileSha256(file);
  return withTransaction(db.pool, async (client) => {
    // Claimed first: a second submission of the same file waits here for the first to commit, then sees it done.
    const claim = await client.query(
      `INSERT INTO catalog_imports (partner_id, file_sha256, result, imported_by) VALUES ($1, $2, '{}', $3)
       ON CONFLICT DO NOTHING`,
      [partnerId, sha, actor.accountId],
    );
    if (claim.rowCount === 0) {
      const { rows: done } = await client.query<{ result: ImportResult & { problems: RowProblem[] } }>(
        'SELECT result FROM catalog_imports WHERE partner_id = $1 AND file_sha256 = $2',
        [partnerId, sha],
      );
      const { problems, ...result } = done[0]?.result ?? {
        created: 0,
        updated: 0,
        unchanged: 0,
        skipped: 0,
        problems: [],
      };
      return { result, replayed: true, problems };
    }
    const planned = await plan(client, partnerId, rows);
    const { writes } = planned;
    const problems = [...cellProblems, ...planned.problems].sort((a, b) => a.line - b.line);
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const { row, existing } of writes) {
      let id = existing?.id;
      if (existing === undefined) {
        id = randomUUID();
        await client.query(
          `INSERT INTO shop_products (id, partner_id, sku, barcode, name, description, category, kind, price_xof,
             tax_group, active, search_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            id,
            partnerId,
            row.sku,
            row.barcode,
            row.name,
            row.description,
            row.category,
            row.kind,
            row.priceXof,
            row.taxGroup,
            row.active,
            productSearchKey(row.name, row.description),
          ],
        );
        created++;
      } else if (same(existing, row)) unchanged++;
      else {
        await client.query(
          `UPDATE shop_products SET sku = coalesce($2, sku), barcode = $3, name = $4, description = $5, category = $6,
             kind = $7, price_xof = $8, tax_group = $9, active = $10, search_key = $11, deleted_at = NULL,
             version = version + 1, updated_at = now() WHERE id = $1`,
          [
            existing.id,
            row.sku,
            row.barcode,
            row.name,
            row.description,
            row.category,
            row.kind,
            row.priceXof,
            row.taxGroup,
            row.active,
            productSearchKey(row.name, row.description),
          ],
        );
        updated++;
      }
      if (row.onlineStock !== null && row.kind === 'physical')
        await setStock(client, id ?? '', onlinePlace, row.onlineStock, `catalog-import:${sha.slice(0, 16)}`);
    }
    const result: ImportResult = { created, updated, unchanged, skipped: new Set(problems.map((p) => p.line)).size };
    await client.query('UPDATE catalog_imports SET result = $3 WHERE partner_id = $1 AND file_sha256 = $2', [
      partnerId,
      sha,
      JSON.stringify({ ...result, problems: problems.slice(0, 200) }),
    ]);
    await appendAudit(client, {
      actor,
      action: 'shop.catalog_imported',
      subject: { type: 'account', id: partnerId },
      place: 'cloud',
      detail: { fileSha256: sha, ...result },
    });
    return { result, replayed: false, problems };
  });
}
