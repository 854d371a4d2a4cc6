/**
 * The collection journal as an XLSX workbook: the CSV's lines and columns exactly (the same cells, amounts as numbers
 * a sheet can sum; no total row, so an import back reads only movements). Bounded by the journal (50 000 lines).
 */
import ExcelJS from 'exceljs';
import { journalCells, journalColumns, type JournalLine } from './report-journal.js';

export async function journalXlsx(lines: readonly JournalLine[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ISMAIL';
  const sheet = workbook.addWorksheet('Journal', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { width: 9 },
    { width: 12 },
    { width: 38 },
    { width: 10 },
    { width: 60 },
    { width: 14, style: { numFmt: '#,##0' } },
    { width: 14, style: { numFmt: '#,##0' } },
  ];
  sheet.addRow([...journalColumns]).font = { bold: true };
  // Text cells are plain strings: XLSX never evaluates a string cell as a formula.
  for (const line of lines) sheet.addRow(journalCells(line));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
