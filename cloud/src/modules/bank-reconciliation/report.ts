/**
 * A statement's reconciliation report: counts and sums per status, then every line with its matches (one row per
 * match; an unmatched line has one row). CSV (semicolons, as French Excel reads) or XLSX. A statement holds at most
 * 10,000 lines, so the whole report fits in memory.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { LineView, StatementView } from './statements.js';

const statusLabel: Record<LineView['status'], string> = {
  open: 'À rapprocher',
  reconciled: 'Rapprochée',
  split: 'Ventilée',
  disputed: 'Contestée',
};

export function reportRows(statement: StatementView, lines: readonly LineView[]): (string | number)[][] {
  const rows: (string | number)[][] = [
    ['Relevé', statement.bankName, statement.accountIban ?? '', statement.fromDate ?? '', statement.toDate ?? ''],
    ['Statut', 'Lignes', 'Montant (FCFA)'],
  ];
  for (const status of ['open', 'reconciled', 'split', 'disputed'] as const) {
    const of = lines.filter((l) => l.status === status);
    rows.push([statusLabel[status], of.length, of.reduce((s, l) => s + l.amountXof, 0)]);
  }
  rows.push([]);
  rows.push([
    'Date',
    'Montant (FCFA)',
    'Référence',
    'Contrepartie',
    'Libellé',
    'Statut',
    'Cible',
    'Identifiant',
    'Montant rapproché',
    'Remarque',
  ]);
  for (const line of lines) {
    const base = [
      line.bookedOn,
      line.amountXof,
      line.reference,
      line.counterpartyName,
      line.label,
      statusLabel[line.status],
    ];
    const remark = line.problem ?? line.disputeReason ?? '';
    if (line.matches.length === 0) rows.push([...base, '', '', '', remark]);
    for (const m of line.matches)
      rows.push([...base, m.targetType === 'invoice' ? 'Facture' : 'Mouvement', m.targetId, m.amountXof, remark]);
  }
  return rows;
}

// A cell starting with = + - @ would run as a formula in Excel: a counterparty name is text from a bank file.
const safe = (v: string | number) => (typeof v === 'string' && /^[=+\-@]/.test(v) ? `'${v}` : v);

export function reportCsv(rows: (string | number)[][]): Buffer {
  return Buffer.from(
    `\ufeff${stringify(
      rows.map((r) => r.map(safe)),
      { delimiter: ';' },
    )}`,
    'utf8',
  );
}

export async function reportXlsx(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Rapprochement');
  for (const row of rows) sheet.addRow(row);
  sheet.getColumn(5).width = 40;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
