/**
 * A report written as CSV, XLSX or PDF into a stream, row by row from the definition's keyset pages, with backpressure
 * (the CSV waits for `drain`, the XLSX through platform/exports/xlsx-backpressure.ts), so memory stays flat whatever
 * the number of lines. The PDF is a summary: totals and at most 2,000 lines, the rest said.
 */
import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { Database } from '../../platform/db/database.js';
import { drainEveryRows, drainSheet } from '../../platform/exports/xlsx-backpressure.js';
import type { ReportDefinition, ReportFormat, ReportQuery, ReportRow } from './definition.js';
import type { Period } from './period.js';

export const pdfLinesMax = 2000;
export const contentTypes: Readonly<Record<ReportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface RenderInput {
  readonly db: Database;
  readonly definition: ReportDefinition;
  readonly query: ReportQuery;
  readonly period: Period;
  readonly format: ReportFormat;
  /** Rows written so far (the export job's progress), called every few hundred rows. */
  readonly progress?: (doneRows: number) => void;
}

export const reportFilename = (input: { definition: ReportDefinition; period: Period; format: ReportFormat }) =>
  `${input.definition.kind}_${input.period.from}_${input.period.to}.${input.format}`;

/** Groups of three digits with a space (« 12 500 »): the French way, plain ASCII for the PDF's standard font. */
export const frenchNumber = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

/** The rendered report as a stream; a failure while writing destroys the stream with the error. */
export function renderReport(input: RenderInput): Readable {
  const out = new PassThrough();
  const write = input.format === 'csv' ? writeCsv : input.format === 'xlsx' ? writeXlsx : writePdf;
  write(input, out).catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

const cell = (row: ReportRow, key: string) => row[key] ?? '';

async function writeCsv(input: RenderInput, out: Writable): Promise<void> {
  const { definition } = input;
  // `;` as French spreadsheets expect; a leading quote-free BOM so Excel reads UTF-8 accents.
  const csv = stringify({ delimiter: ';', bom: true });
  csv.pipe(out);
  csv.write(definition.columns.map((c) => c.labelFr));
  let n = 0;
  for await (const row of definition.rows(input.db, input.query)) {
    if (!csv.write(definition.columns.map((c) => cell(row, c.key)))) await once(csv, 'drain');
    n += 1;
    if (n % 500 === 0) input.progress?.(n);
  }
  input.progress?.(n);
  csv.end();
  await once(out, 'finish');
}

async function writeXlsx(input: RenderInput, out: Writable): Promise<void> {
  const { definition } = input;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(definition.titleFr.slice(0, 31));
  sheet.addRow(definition.columns.map((c) => c.labelFr)).commit();
  let n = 0;
  // Text cells are plain strings: XLSX never evaluates a string cell as a formula.
  for await (const row of definition.rows(input.db, input.query)) {
    sheet.addRow(definition.columns.map((c) => cell(row, c.key))).commit();
    n += 1;
    if (n % drainEveryRows === 0) {
      await drainSheet(workbook, sheet, out);
      if (n % 1000 === 0) input.progress?.(n);
    }
  }
  sheet.commit();
  // The totals on their own sheet, key and value, so a reader (and the tests) find them without summing.
  const totals = workbook.addWorksheet('Totaux');
  totals.addRow(['Période', `${input.period.from} au ${input.period.to}`]).commit();
  for (const [key, value] of Object.entries(await definition.totals(input.db, input.query)))
    totals.addRow([key, value]).commit();
  totals.commit();
  input.progress?.(n);
  await workbook.commit();
}

async function writePdf(input: RenderInput, out: Writable): Promise<void> {
  const { definition, period } = input;
  const doc = new PDFDocument({ size: 'A4', margin: 40, layout: 'landscape' });
  doc.pipe(out);
  doc.font('Helvetica-Bold').fontSize(16).text(`ISMAIL — ${definition.titleFr}`);
  doc.font('Helvetica').fontSize(10).text(`Du ${period.from} au ${period.to}`).moveDown();
  const total = await definition.count(input.db, input.query);
  doc.font('Helvetica-Bold').text('Totaux');
  doc.font('Helvetica');
  for (const [key, value] of Object.entries(await definition.totals(input.db, input.query)))
    doc.text(`${key} : ${frenchNumber(value)}`);
  doc
    .moveDown()
    .font('Helvetica-Bold')
    .text(definition.columns.map((c) => c.labelFr).join(' | '));
  doc.font('Helvetica').fontSize(8);
  let n = 0;
  for await (const row of definition.rows(input.db, input.query)) {
    if (n >= pdfLinesMax) break;
    doc.text(definition.columns.map((c) => format(row[c.key] ?? null, c.type)).join(' | '));
    n += 1;
    if (n % 500 === 0) input.progress?.(n);
  }
  if (total > n)
    doc
      .moveDown()
      .fontSize(10)
      .text(`… et ${frenchNumber(total - n)} lignes de plus : exportez en XLSX ou CSV pour les voir toutes.`);
  input.progress?.(total);
  doc.end();
  await once(out, 'finish');
}

function format(value: string | number | null, type: string): string {
  if (value === null) return '—';
  if (typeof value === 'number') return type === 'xof' ? `${frenchNumber(value)} FCFA` : frenchNumber(value);
  return value;
}
