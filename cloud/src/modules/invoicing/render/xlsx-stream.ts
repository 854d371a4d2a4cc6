/**
 * The accountants' export: every line of every issued document of a period, streamed into
 * an XLSX (exceljs WorkbookWriter: rows are committed and written as they come, so memory
 * stays flat whatever the period's size). Read from the database a page at a time (keyset),
 * credit notes with negative amounts so a column sum is the period's turnover. Each line
 * names its buyer (type apart) and the tax authority's reference; dates are date cells
 * shown dd/mm/yyyy hh:mm (UTC, as every ISMAIL document).
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { authorityLabel, buyerLabel, displayText, type InvoiceDraft, type InvoiceTotals } from '@ismail/shared';
import type { Database } from '../../../platform/db/database.js';
import { drainEveryRows, drainSheet } from '../../../platform/exports/xlsx-backpressure.js';
import { frenchDateTimeFormat } from './xlsx.js';

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
  readonly buyerName: string;
  readonly buyerKind: string;
  /** The certifying authority ("FNE", "e-MECeF") and its reference; empty while uncertified. */
  readonly authority: string;
  readonly authorityReference: string;
  readonly certifiedAt: Date | null;
}

const pageSize = 500;

interface PageRow {
  id: string;
  number: string;
  issued_at: Date;
  kind: 'invoice' | 'credit_note';
  document: InvoiceDraft;
  totals: InvoiceTotals;
  clearance_status: string;
  authority: string | null;
  authority_reference: string | null;
  certified_at: Date | null;
}

export async function* periodLines(
  db: Database,
  issuerAccountId: string,
  from: Date,
  to: Date,
): AsyncGenerator<ExportLine> {
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const page: { rows: PageRow[] } = await db.pool.query<PageRow>(
      `SELECT id, number, issued_at, kind, document, totals, clearance_status, authority, authority_reference, certified_at FROM invoices
       WHERE issuer_account_id = $1 AND status = 'issued' AND issued_at >= $2 AND issued_at < $3
         AND ($4::timestamptz IS NULL OR (issued_at, id) > ($4, $5::uuid))
       ORDER BY issued_at, id LIMIT $6`,
      [issuerAccountId, from, to, after?.at ?? null, after?.id ?? null, pageSize],
    );
    const rows: PageRow[] = page.rows;
    for (const row of rows) {
      const sign = row.kind === 'credit_note' ? -1 : 1;
      const certified = row.clearance_status === 'certified' && row.authority_reference !== null;
      const parties = {
        buyerName: buyerLabel(row.document.buyer),
        buyerKind: row.document.buyer.kind,
        authority: certified && row.authority !== null ? authorityLabel(row.authority) : '',
        authorityReference: certified ? (row.authority_reference ?? '') : '',
        certifiedAt: certified ? row.certified_at : null,
      };
      for (const [i, line] of row.document.lines.entries()) {
        const total = row.totals.lines[i];
        yield {
          number: row.number,
          issuedAt: row.issued_at,
          kind: row.kind,
          label: line.label,
          quantity: line.quantityMilli / 1000,
          unitPriceXof: line.unitPriceXof,
          taxGroup: line.taxGroup,
          ratePct: (total?.rateBp ?? 0) / 100,
          amountXof: sign * (total?.amountXof ?? 0),
          ...parties,
        };
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
    { header: 'Client', key: 'buyerName', width: 28 },
    { header: 'Type client', key: 'buyerKind', width: 10 },
    { header: 'Autorité', key: 'authority', width: 10 },
    { header: 'Référence', key: 'authorityReference', width: 28 },
    { header: 'Certifiée le', key: 'certifiedAt', width: 18 },
  ];
  // Column formats apply to every row written after: real dates, shown the French way.
  sheet.getColumn('issuedAt').numFmt = frenchDateTimeFormat;
  sheet.getColumn('certifiedAt').numFmt = frenchDateTimeFormat;
  let count = 0;
  for await (const line of lines) {
    // Text through the shared display rule, as in every other output.
    sheet
      .addRow({
        ...line,
        number: displayText(line.number),
        label: displayText(line.label),
        taxGroup: displayText(line.taxGroup),
        kind: line.kind === 'invoice' ? 'facture' : 'avoir',
        buyerName: displayText(line.buyerName),
        authorityReference: displayText(line.authorityReference),
      })
      .commit();
    count++;
    // exceljs offers no drain for a worksheet: wait for its zip entry and the output to drain
    // now and then (without this, the uncompressed XML piles up and memory grows with the period).
    if (count % drainEveryRows === 0) await drainSheet(workbook, sheet, out);
  }
  sheet.commit();
  await workbook.commit();
  return count;
}
