/**
 * The accountants' export: every line of every issued document of a period, streamed into
 * an XLSX (exceljs WorkbookWriter: rows are committed and written as they come, so memory
 * stays flat whatever the period's size). Read from the database a page at a time (keyset),
 * credit notes with negative amounts so a column sum is the period's turnover.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { displayText, type InvoiceDraft, type InvoiceTotals } from '@ismail/shared';
import type { Database } from '../../db/database.js';

export interface ExportLine {
  readonly number: string;
  readonly issuedAt: Date;
  readonly kind: 'invoice' | 'credit_note';
  readonly label: string;
  readonly quantity: number;
  readonly unitPriceXof: number;
  readonly taxGroup: string;
  readonly ratePct: number;
  readonly amountXof: number;
}

const pageSize = 500;
const flushEveryRows = 200;

interface PageRow {
  id: string;
  number: string;
  issued_at: Date;
  kind: 'invoice' | 'credit_note';
  document: InvoiceDraft;
  totals: InvoiceTotals;
}

export async function* periodLines(db: Database, issuerAccountId: string, from: Date, to: Date): AsyncGenerator<ExportLine> {
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const page: { rows: PageRow[] } = await db.pool.query<PageRow>(
      `SELECT id, number, issued_at, kind, document, totals FROM invoices
       WHERE issuer_account_id = $1 AND status = 'issued' AND issued_at >= $2 AND issued_at < $3
         AND ($4::timestamptz IS NULL OR (issued_at, id) > ($4, $5::uuid))
       ORDER BY issued_at, id LIMIT $6`,
      [issuerAccountId, from, to, after?.at ?? null, after?.id ?? null, pageSize],
    );
    const rows: PageRow[] = page.rows;
    for (const row of rows) {
      const sign = row.kind === 'credit_note' ? -1 : 1;
      for (const [i, line] of row.document.lines.entries()) {
        const total = row.totals.lines[i];
        yield { number: row.number, issuedAt: row.issued_at, kind: row.kind, label: line.label, quantity: line.quantityMilli / 1000, unitPriceXof: line.unitPriceXof, taxGroup: line.taxGroup, ratePct: (total?.rateBp ?? 0) / 100, amountXof: sign * (total?.amountXof ?? 0) };
      }
    }
    const last: PageRow | undefined = rows[rows.length - 1];
    if (rows.length < pageSize || last === undefined) return;
    after = { at: last.issued_at, id: last.id };
  }
}

export async function writeLinesXlsx(lines: AsyncIterable<ExportLine>, out: Writable): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Lignes');
  sheet.columns = [
    { header: 'Numéro', key: 'number', width: 24 },
    { header: 'Date', key: 'issuedAt', width: 20 },
    { header: 'Type', key: 'kind', width: 12 },
    { header: 'Désignation', key: 'label', width: 40 },
    { header: 'Quantité', key: 'quantity', width: 10 },
    { header: 'Prix unitaire', key: 'unitPriceXof', width: 14 },
    { header: 'Groupe', key: 'taxGroup', width: 12 },
    { header: 'Taux %', key: 'ratePct', width: 8 },
    { header: 'Montant', key: 'amountXof', width: 14 },
  ];
  let count = 0;
  for await (const line of lines) {
    // Text through the shared display rule, as in every other output.
    sheet.addRow({ ...line, number: displayText(line.number), label: displayText(line.label), taxGroup: displayText(line.taxGroup), kind: line.kind === 'invoice' ? 'facture' : 'avoir' }).commit();
    count++;
    // exceljs offers no drain for a worksheet: yield to the event loop now and then so the
    // zip and file streams empty their buffers (without this, memory grows with the period).
    if (count % flushEveryRows === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await workbook.commit();
  return count;
}
