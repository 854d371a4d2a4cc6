/**
 * Exports of the partner's catalog (the import's columns, so an export imports back) and of their customers (buyers
 * of their orders: ISMAIL ID, name, orders, amount, last order), as CSV (UTF-8 with BOM, semicolons: French Excel) or
 * XLSX, streamed: read a page at a time (keyset) and written as they come, so memory stays flat. Text cells go
 * through the shared display rule and never start a formula (the invoices' CSV rule).
 */
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { displayText } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { neutraliseFormula } from '../invoicing/render/csv.js';
import { catalogColumns } from './catalog-import.js';
import { onlinePlace } from './shop.js';
import { drainEveryRows, drainSheet } from '../../platform/exports/xlsx-backpressure.js';

const pageSize = 500;
type Cell = string | number;

export const customerColumns = ['ismail_id', 'nom', 'commandes', 'montant_xof', 'derniere_commande'] as const;

export async function* catalogLines(db: Database, partnerId: string): AsyncGenerator<Cell[]> {
  let after = 0;
  for (;;) {
    const { rows } = await db.pool.query<{
      row_seq: string;
      sku: string | null;
      barcode: string | null;
      name: string;
      category: string;
      price_xof: number;
      kind: string;
      tax_group: string;
      stock: number | null;
      active: boolean;
      description: string;
    }>(
      `SELECT p.row_seq, p.sku, p.barcode, p.name, p.category, p.price_xof, p.kind, p.tax_group, p.active, p.description,
              (SELECT quantity FROM shop_stock s WHERE s.product_id = p.id AND s.place = $4) AS stock
       FROM shop_products p WHERE p.partner_id = $1 AND p.deleted_at IS NULL AND p.row_seq > $2
       ORDER BY p.row_seq LIMIT $3`,
      [partnerId, after, pageSize, onlinePlace],
    );
    for (const r of rows)
      yield [
        r.sku ?? '',
        r.barcode ?? '',
        r.name,
        r.category,
        r.price_xof,
        r.kind === 'digital' ? 'numérique' : 'physique',
        r.tax_group,
        r.stock ?? '',
        r.active ? 'oui' : 'non',
        r.description,
      ];
    const last = rows.at(-1);
    if (rows.length < pageSize || last === undefined) return;
    after = Number(last.row_seq);
  }
}

export async function* customerLines(db: Database, partnerId: string): AsyncGenerator<Cell[]> {
  let after: string | null = null;
  for (;;) {
    const page: {
      rows: { id: string; ismail_id: string | null; name: string; n: number; total: string; last: Date }[];
    } = await db.pool.query(
      `SELECT a.id, a.ismail_id, a.display_name AS name, o.n, o.total, o.last
         FROM (SELECT buyer_id, count(*)::int AS n, sum(total_xof) FILTER (WHERE status <> 'cancelled') AS total,
                      max(created_at) AS last
               FROM shop_orders WHERE partner_id = $1 GROUP BY buyer_id) o
         JOIN accounts a ON a.id = o.buyer_id
         WHERE ($2::uuid IS NULL OR a.id > $2) ORDER BY a.id LIMIT $3`,
      [partnerId, after, pageSize],
    );
    for (const r of page.rows)
      yield [r.ismail_id ?? '', r.name, r.n, Number(r.total ?? 0), r.last.toISOString().slice(0, 10)];
    const last = page.rows.at(-1);
    if (page.rows.length < pageSize || last === undefined) return;
    after = last.id;
  }
}

const text = (value: Cell): Cell => (typeof value === 'number' ? value : neutraliseFormula(displayText(value)));

export async function writeCsv(header: readonly string[], lines: AsyncIterable<Cell[]>, out: Writable): Promise<void> {
  const csv = stringify({ delimiter: ';', bom: true });
  csv.pipe(out);
  csv.write([...header]);
  for await (const line of lines) if (!csv.write(line.map(text))) await new Promise((r) => csv.once('drain', r));
  csv.end();
}

export async function writeXlsx(
  sheetName: string,
  header: readonly string[],
  lines: AsyncIterable<Cell[]>,
  out: Writable,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...header]).commit();
  let count = 0;
  for await (const line of lines) {
    // Plain string cells: displayText only (a string cell is never evaluated as a formula in XLSX).
    sheet.addRow(line.map((c) => (typeof c === 'number' ? c : displayText(c)))).commit();
    // exceljs has no drain for a worksheet: wait now and then for its zip entry and the output to drain.
    if (++count % drainEveryRows === 0) await drainSheet(workbook, sheet, out);
  }
  sheet.commit();
  await workbook.commit();
}

export { catalogColumns };
