// Proves stored text with control characters comes out the same in every invoice export
// (the shared display rule: separators as a space, other controls removed): the PDF's
// extracted text, the CSV and the XLSX show the same label, the PDF keeps its standard font,
// and a label that is a spreadsheet formula ("=HYPERLINK(...)") is neutralised in the CSV and
// a plain string cell in the XLSX. (PDF text needs poppler's pdftotext: `npm test` installs it.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { computeTotals, displayText, type InvoiceDraft } from '@ismail/shared';
import type { InvoiceRecord } from '../src/modules/invoicing/invoices.js';
import { exportInvoice } from '../src/modules/invoicing/render/export.js';
import { neutraliseFormula } from '../src/modules/invoicing/render/csv.js';
import { requireTool } from '../../tools/test-support/system-tools.js';

// Accepted before the input rule existed: escape, group separator, NUL, tab and a C1 control.
const dirty = 'Savon\u001b[31m\u001d rouge\tparfumé\u0000\u0085x';
const shown = 'Savon[31m rouge parfumé x';
const formula = '=HYPERLINK("http://evil.example","Cliquez")';
const lines = [
  { label: dirty, quantityMilli: 1000, unitPriceXof: 1000, taxGroup: 'CI-TVA-18', discountXof: 0 },
  { label: formula, quantityMilli: 1000, unitPriceXof: 500, taxGroup: 'CI-TVA-18', discountXof: 0 },
];
const totals = computeTotals({ lines, priceMode: 'tax_included' });
const document: InvoiceDraft = {
  kind: 'invoice',
  currency: 'XOF',
  priceMode: 'tax_included',
  seller: {
    legalName: 'Boutique Awa SARL',
    taxId: '1234567A',
    taxRegime: 'RSI',
    address: 'Cocody Angré, Abidjan',
    country: 'CI',
  },
  buyer: { kind: 'B2C', name: 'Aïcha\u0007 Koné' },
  lines,
  payments: [{ method: 'cash', amountXof: totals.grossXof }],
};
const record: InvoiceRecord = {
  id: '00000000-0000-4000-8000-00000000abce',
  issuerAccountId: '00000000-0000-4000-8000-000000000001',
  register: 'cloud',
  kind: 'invoice',
  status: 'issued',
  document,
  totals,
  problems: null,
  number: 'F-CLOUD-2026-000043',
  sequence: 43,
  issuedAt: '2026-11-24T14:05:00.000Z',
  contentHash: 'cd'.repeat(32),
  originalInvoiceId: null,
  clearanceStatus: 'pending',
  authorityReference: null,
  qrData: null,
};
const url = 'https://cloud.example';

describe('control characters and formulas in invoice exports', () => {
  it('uses the display rule the issue asks for', () => {
    expect(displayText(dirty)).toBe(shown);
  });

  it('shows the same label in the PDF text, with the standard font (no switch to DejaVu)', async () => {
    const pdftotext = requireTool('pdftotext');
    const { bytes } = await exportInvoice(record, 'pdf', url);
    expect(bytes.includes('DejaVu')).toBe(false);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ismail-export-text-')), 'invoice.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync(pdftotext, ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain(shown);
    expect(text).toContain('Aïcha Koné');
    // eslint-disable-next-line no-control-regex -- no control character but line ends and form feed
    expect(text.replace(/[\n\f]/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\uFFFD]/);
  });

  it('shows the same label in the CSV, neutralises the formula and writes no control byte', async () => {
    const { bytes } = await exportInvoice(record, 'csv', url);
    const text = bytes.toString('utf8');
    const rows = text.split('\r\n');
    expect(rows[1]?.split(';')[3]).toBe(shown);
    expect(rows[2]?.split(';')[3]).toBe(`"'=HYPERLINK(""http://evil.example"",""Cliquez"")"`);
    // eslint-disable-next-line no-control-regex -- only the row separators may be control characters
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('shows the same label in the XLSX, the formula as a plain string cell', async () => {
    const { bytes } = await exportInvoice(record, 'xlsx', url);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const values = new Map<string, ExcelJS.Cell>();
    workbook.worksheets[0]?.eachRow((row) =>
      row.eachCell((cell) =>
        values.set(typeof cell.value === 'string' ? cell.value : JSON.stringify(cell.value), cell),
      ),
    );
    expect(values.has(shown)).toBe(true);
    expect(values.has('Aïcha Koné')).toBe(true);
    expect(values.get(formula)?.type).toBe(ExcelJS.ValueType.String);
  });

  it('neutralises every cell a spreadsheet would evaluate, and only those', () => {
    for (const cell of ['=1+1', '+33 6', '-2+3', '@SUM(A1)', '\tx', '\rx', '  =1'])
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    for (const cell of ['Attiéké', '1 000', 'a=b', "'déjà"]) expect(neutraliseFormula(cell)).toBe(cell);
  });
});
