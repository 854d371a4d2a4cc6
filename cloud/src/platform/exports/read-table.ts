/**
 * A spreadsheet a user uploads, read as lines of text cells (line 1 the header), whatever its format: CSV (comma,
 * semicolon or tab, as the header line shows: French Excel writes semicolons; UTF-8, BOM allowed) or XLSX (its first
 * sheet). Used by every import (the shop's catalogue, debt files). Callers bound the file's size first.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '@ismail/shared';

export async function readTableCells(
  format: 'csv' | 'xlsx',
  file: Buffer,
  options: { readonly datesAsDays?: boolean } = {},
): Promise<string[][]> {
  if (format === 'csv') {
    try {
      const headerLine = file.subarray(0, Math.max(0, file.indexOf(10))).toString('utf8') || file.toString('utf8');
      const delimiter = headerLine.includes(';') ? ';' : headerLine.includes('\t') ? '\t' : ',';
      return parse(file, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false });
    } catch (error) {
      throw new AppError('VALIDATION_FAILED', `CSV illisible : ${(error as Error).message.slice(0, 200)}`);
    }
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Fichier XLSX illisible.');
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) return [];
  const lines: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      // A date cell can read as its day (exceljs gives UTC midnight for a date typed in Excel).
      cells[column - 1] =
        options.datesAsDays === true && cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : cell.text;
    });
    lines[number - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(lines, (l) => l ?? []);
}
