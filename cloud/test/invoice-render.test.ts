// Proves the invoice formats from one layout: a PDF (A4 and tickets) whose extracted text
// shows French amounts and accents with no replacement character and that qpdf finds
// valid; a CSV Excel reads (BOM, semicolons) whose amounts sum to the totals; ESC/POS bytes
// in WPC1252 (ESC t 16, the tickets' default code page) with the printer's own QR command;
// and (issue 19.8) that every format carries the seller's full identity, the buyer's name,
// the FNE reference and French dates, the A4 VAT breakdown in the body's size, and a logo.
// (PDF checks need poppler and qpdf, the XLSX check LibreOffice Calc: `npm test` installs them,
// and a missing one fails the test naming its package.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { computeTotals, encodeCp858, encodeText, invoiceLayout, qrCommand, type InvoiceDraft } from '@ismail/shared';
import type { InvoiceRecord } from '../src/modules/invoicing/invoices.js';
import { exportInvoice, issuedDocument } from '../src/modules/invoicing/render/export.js';
import { invoiceHtml } from '../src/modules/invoicing/render/html.js';
import { requireTool } from '../../tools/test-support/system-tools.js';
import { readWithLibreOffice } from './support/libreoffice.js';

const lines = [
  {
    label: 'Pagne wax « Fleur de mariage »',
    quantityMilli: 2000,
    unitPriceXof: 5000,
    taxGroup: 'CI-TVA-18',
    discountXof: 0,
  },
  { label: 'Lait concentré (boîte)', quantityMilli: 1500, unitPriceXof: 1000, taxGroup: 'CI-TVA-9', discountXof: 0 },
];
const totals = computeTotals({ lines, priceMode: 'tax_included' });
const document: InvoiceDraft = {
  kind: 'invoice',
  currency: 'XOF',
  priceMode: 'tax_included',
  seller: {
    legalName: 'Boutique Awa SARL',
    tradeName: 'Chez Awa',
    taxId: '1234567A',
    taxRegime: 'RSI',
    rccm: 'CI-ABJ-03-2022-B12-04567',
    phone: '+225 27 22 44 55 66',
    address: 'Cocody Angré, Abidjan',
    country: 'CI',
  },
  buyer: { kind: 'B2C', name: 'Aïcha Koné' },
  lines,
  payments: [{ method: 'mobile_money', amountXof: totals.grossXof }],
};
const record: InvoiceRecord = {
  id: '00000000-0000-4000-8000-00000000abcd',
  issuerAccountId: '00000000-0000-4000-8000-000000000001',
  register: 'cloud',
  kind: 'invoice',
  status: 'issued',
  document,
  totals,
  problems: null,
  number: 'F-CLOUD-2026-000042',
  sequence: 42,
  issuedAt: '2026-11-24T14:05:00.000Z',
  contentHash: 'ab'.repeat(32),
  originalInvoiceId: null,
  clearanceStatus: 'certified',
  authorityReference: '9606123E25000000019',
  qrData: 'https://www.services.fne.dgi.gouv.ci/fr/verification/019465c1-3f61-766c-9652-706e32dfb436',
  authority: 'fne',
  certifiedAt: '2026-11-24T14:06:12.000Z',
};
/** The same invoice before certification. */
const pending: InvoiceRecord = {
  ...record,
  clearanceStatus: 'pending',
  authorityReference: null,
  qrData: null,
  authority: null,
  certifiedAt: null,
};

describe('invoice formats', () => {
  it('uses a fixture of 11 500 FCFA over two VAT rates', () => {
    expect(totals.grossXof).toBe(11_500);
  });

  it('prints A4 and ticket PDFs with French amounts and accents, valid for qpdf (needs poppler and qpdf)', async () => {
    const [pdftotext, qpdf] = [requireTool('pdftotext'), requireTool('qpdf')];
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-invoice-'));
    for (const format of ['pdf', 'ticket80', 'ticket58'] as const) {
      const { bytes } = await exportInvoice(record, format, 'https://cloud.ismail.ci');
      const file = path.join(dir, `${format}.pdf`);
      writeFileSync(file, bytes);
      execFileSync(qpdf, ['--check', file]);
      const text = execFileSync(pdftotext, ['-layout', '-enc', 'UTF-8', file, '-']).toString('utf8');
      expect(text, format).toContain('11 500 FCFA');
      expect(text).toContain('FACTURE');
      expect(text).toContain('N° F-CLOUD-2026-000042');
      expect(text).toContain('Lait concentré (boîte)');
      expect(text).toContain('Aïcha Koné');
      expect(text).toContain('9606123E25000000019');
      expect(text).not.toContain('\uFFFD');
      expect(text).not.toContain('\u202F');
    }
  });

  it('embeds DejaVu for a name the standard fonts cannot show, and prints it right (needs poppler)', async () => {
    const pdftotext = requireTool('pdftotext');
    const other: InvoiceRecord = { ...record, document: { ...document, buyer: { kind: 'B2C', name: 'Kɔnɛ Ŋgɔran' } } };
    const { bytes } = await exportInvoice(other, 'pdf', 'https://cloud.ismail.ci');
    const text = execFileSync(pdftotext, ['-enc', 'UTF-8', '-', '-'], { input: bytes }).toString('utf8');
    expect(text).toContain('Kɔnɛ Ŋgɔran');
    expect(bytes.toString('latin1')).toContain('DejaVuSans');
    const plain = await exportInvoice(record, 'pdf', 'https://cloud.ismail.ci');
    expect(plain.bytes.toString('latin1')).toContain('/Helvetica');
    expect(plain.bytes.toString('latin1')).not.toContain('DejaVuSans');
  });

  it('writes a CSV with a BOM whose line amounts and group totals add up to the invoice', async () => {
    const { bytes, contentType } = await exportInvoice(record, 'csv', 'https://cloud.ismail.ci');
    expect(contentType).toContain('text/csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = bytes
      .subarray(3)
      .toString('utf8')
      .trim()
      .split('\r\n')
      .map((r) => r.split(';'));
    expect(rows[0]?.[0]).toBe('numero');
    const lineRows = rows.slice(1, 1 + lines.length);
    expect(lineRows.reduce((s, r) => s + Number(r[8]), 0)).toBe(totals.grossXof);
    const total = rows.find((r) => r[0] === 'TOTAL');
    expect(total?.slice(2).map(Number)).toEqual([totals.netXof, totals.taxXof, totals.grossXof]);
    expect(rows[1]?.[3]).toBe('Pagne wax « Fleur de mariage »');
  });

  it('writes an XLSX whose numbers (not text) add up to the invoice totals', async () => {
    const { bytes } = await exportInvoice(record, 'xlsx', 'https://cloud.ismail.ci');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Facture');
    const values: unknown[][] = [];
    sheet?.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const lineRows = values.filter(
      (r) => typeof r[3] === 'string' && r[3].startsWith('CI-') && typeof r[5] === 'number',
    );
    expect(lineRows.map((r) => r[5])).toEqual([10_000, 1_500]);
    expect(lineRows.reduce((s, r) => s + (r[5] as number), 0)).toBe(totals.grossXof);
    expect(values.find((r) => r[0] === 'TOTAL')?.filter((v) => typeof v === 'number')).toEqual([
      totals.netXof,
      totals.taxXof,
      totals.grossXof,
    ]);
    expect(values.find((r) => r[0] === 'Lait concentré (boîte)')?.[1]).toBe(1.5);
  });

  it('writes an XLSX that LibreOffice opens, with totals equal to the invoice (needs LibreOffice Calc)', async () => {
    const { bytes } = await exportInvoice(record, 'xlsx', 'https://cloud.ismail.ci');
    const rows = readWithLibreOffice(bytes);
    const lineRows = rows.filter((r) => r[3]?.startsWith('CI-') && /^\d+$/.test(r[5] ?? ''));
    expect(lineRows.map((r) => Number(r[5]))).toEqual([10_000, 1_500]);
    expect(lineRows.reduce((s, r) => s + Number(r[5]), 0)).toBe(totals.grossXof);
    expect(
      rows
        .find((r) => r[0] === 'TOTAL')
        ?.filter((v) => /^\d+$/.test(v))
        .map(Number),
    ).toEqual([totals.netXof, totals.taxXof, totals.grossXof]);
    expect(rows.find((r) => r[0] === 'Lait concentré (boîte)')?.[1]).toBe('1.5');
    expect(rows.find((r) => r[0] === 'Client')?.[1]).toBe('Aïcha Koné');
  });

  it("prints the seller's full identity once, the FNE reference and its date on every PDF (needs poppler)", async () => {
    const pdftotext = requireTool('pdftotext');
    for (const format of ['pdf', 'ticket80', 'ticket58'] as const) {
      const { bytes } = await exportInvoice(record, format, 'https://cloud.ismail.ci');
      // Without -layout: one text line per drawn line, whatever the column.
      const text = execFileSync(pdftotext, ['-enc', 'UTF-8', '-', '-'], { input: bytes }).toString('utf8');
      for (const mention of [
        'Chez Awa',
        'Boutique Awa SARL',
        'Cocody Angré, Abidjan',
        'NCC : 1234567A',
        'RCCM : CI-ABJ-03-2022-B12-04567',
        'Régime : RSI',
        'Tél. : +225 27 22 44 55 66',
      ])
        expect(text, `${format}: ${mention}`).toContain(mention);
      // The address line no longer repeats the name ("Boutique Awa SARL — Cocody...").
      expect(text.split('Boutique Awa SARL').length - 1, format).toBe(1);
      expect(text.replace(/\s+/g, ' '), format).toContain('Certifiée FNE le 24/11/2026 14:06 : 9606123E25000000019');
    }
    const waiting = execFileSync(pdftotext, ['-enc', 'UTF-8', '-', '-'], {
      input: (await exportInvoice(pending, 'pdf', 'https://cloud.ismail.ci')).bytes,
    }).toString('utf8');
    expect(waiting).toContain('Document en attente de certification');
  });

  it('draws the A4 VAT breakdown in the same font size as the lines (needs poppler)', async () => {
    const pdftotext = requireTool('pdftotext');
    const { bytes } = await exportInvoice(record, 'pdf', 'https://cloud.ismail.ci');
    const html = execFileSync(pdftotext, ['-bbox', '-enc', 'UTF-8', '-', '-'], { input: bytes }).toString('utf8');
    const heightOf = (word: string): number => {
      const match = new RegExp(`yMin="([\\d.]+)" xMax="[\\d.]+" yMax="([\\d.]+)">${word}</word>`).exec(html);
      if (match === null) throw new Error(`no word ${word}`);
      return Number(match[2]) - Number(match[1]);
    };
    // "Lait" is a line of the table; "HT" and "TVA" are words of the breakdown rows.
    expect(heightOf('HT')).toBeCloseTo(heightOf('Lait'), 1);
    expect(heightOf('TVA')).toBeCloseTo(heightOf('Lait'), 1);
  });

  it("heads the PDFs with the seller's logo, or ISMAIL's mark (vectors, no image) without one", async () => {
    const images = (pdf: Buffer): number => pdf.toString('latin1').split('/Subtype /Image').length - 1;
    // A 1×1 PNG: the smallest logo there is.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    for (const format of ['pdf', 'ticket80'] as const) {
      // The image, and its alpha as a soft mask.
      expect(
        images((await exportInvoice(record, format, 'https://cloud.ismail.ci', png)).bytes),
        format,
      ).toBeGreaterThan(0);
      expect(images((await exportInvoice(record, format, 'https://cloud.ismail.ci')).bytes), format).toBe(0);
    }
    // A logo that is not an image pdfkit can read prints the mark rather than failing the invoice.
    const broken = Buffer.concat([png.subarray(0, 8), Buffer.from('not a png')]);
    const fallback = (await exportInvoice(record, 'pdf', 'https://cloud.ismail.ci', broken)).bytes;
    expect(fallback.subarray(0, 5).toString()).toBe('%PDF-');
    expect(images(fallback)).toBe(0);
  });

  it('writes CSV dates as dd/mm/yyyy with the buyer by name and the FNE reference on every line', async () => {
    const rows = (await exportInvoice(record, 'csv', 'https://cloud.ismail.ci')).bytes
      .subarray(3)
      .toString('utf8')
      .trim()
      .split('\r\n')
      .map((r) => r.split(';'));
    const header = rows[0] ?? [];
    const column = (name: string): number => header.indexOf(name);
    for (const line of rows.slice(1, 1 + lines.length)) {
      expect(line[column('date')]).toBe('24/11/2026');
      expect(line[column('client')]).toBe('Aïcha Koné');
      expect(line[column('type_client')]).toBe('B2C');
      expect(line[column('autorite')]).toBe('FNE');
      expect(line[column('reference_autorite')]).toBe('9606123E25000000019');
      expect(line[column('date_certification')]).toBe('24/11/2026');
      expect(line[column('ncc_vendeur')]).toBe('1234567A');
    }
    const waiting = (await exportInvoice(pending, 'csv', 'https://cloud.ismail.ci')).bytes
      .toString('utf8')
      .split('\r\n')[1]
      ?.split(';');
    expect(waiting?.[column('reference_autorite')]).toBe('');
  });

  it('writes XLSX dates as date cells in a French format, the buyer by name and the FNE reference (needs LibreOffice Calc)', async () => {
    const { bytes } = await exportInvoice(record, 'xlsx', 'https://cloud.ismail.ci');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Facture');
    const cellBeside = (label: string) => {
      let found: ExcelJS.Cell | undefined;
      sheet?.eachRow((row) => {
        if (row.getCell(1).value === label) found = row.getCell(2);
      });
      if (found === undefined) throw new Error(`no row ${label}`);
      return found;
    };
    for (const [label, iso] of [
      ['Date', record.issuedAt],
      ['Certifiée le', record.certifiedAt],
    ] as const) {
      const cell = cellBeside(label);
      expect(cell.type, label).toBe(ExcelJS.ValueType.Date);
      expect(cell.value, label).toEqual(new Date(iso ?? ''));
      expect(cell.numFmt, label).toBe('dd/mm/yyyy hh:mm');
    }
    // What an accountant's spreadsheet shows: French dates, the seller, the buyer's name, the reference.
    const shown = readWithLibreOffice(bytes, { asShown: true });
    const beside = (label: string) => shown.find((r) => r[0] === label)?.[1];
    expect(beside('Date')).toBe('24/11/2026 14:05');
    expect(beside('Certifiée le')).toBe('24/11/2026 14:06');
    expect(beside('Référence FNE')).toBe('9606123E25000000019');
    expect(shown.find((r) => r[0] === 'Client')).toEqual(['Client', 'Aïcha Koné', 'Type', 'B2C', '', '']);
    expect(beside('Adresse')).toBe('Cocody Angré, Abidjan');
    expect(beside('NCC')).toBe('1234567A');
    expect(beside('RCCM')).toBe('CI-ABJ-03-2022-B12-04567');
    expect(beside('Tél.')).toBe('+225 27 22 44 55 66');
  });

  it('shows the FNE reference and its date in the HTML and the ESC/POS ticket', async () => {
    const html = invoiceHtml(invoiceLayout(issuedDocument(record, 'https://cloud.ismail.ci')));
    expect(html).toContain('Certifiée FNE le 24/11/2026 14:06 : 9606123E25000000019');
    expect(html).toContain('RCCM');
    const escpos = (await exportInvoice(record, 'escpos80', 'https://cloud.ismail.ci')).bytes.toString('latin1');
    expect(escpos).toContain('9606123E25000000019');
    expect(escpos).toContain('24/11/2026 14:06');
    expect(escpos).toContain('CI-ABJ-03-2022-B12-04567');
  });

  it('writes ESC/POS in WPC1252 (code page 16) with the QR command, for 80 and 58 mm, and PC858 spells out what it lacks', async () => {
    for (const [format, columns] of [
      ['escpos80', 48],
      ['escpos58', 32],
    ] as const) {
      const { bytes } = await exportInvoice(record, format, 'https://cloud.ismail.ci');
      expect([...bytes.subarray(0, 5)]).toEqual([0x1b, 0x40, 0x1b, 0x74, 16]); // WPC1252
      const hay = bytes.toString('latin1');
      expect(hay).toContain(Buffer.from(encodeText('Lait concentré (boîte)', 'wpc1252')).toString('latin1'));
      expect(hay).toContain(Buffer.from(encodeText('11 500 FCFA', 'wpc1252')).toString('latin1'));
      expect(hay).toContain(Buffer.from(qrCommand(record.qrData ?? '')).toString('latin1'));
      expect(hay).not.toContain('Ã'); // no raw UTF-8 leaked
      const textLines = hay.split('\n').filter((l) => !l.includes('\x1d') && !l.includes('\x1b'));
      for (const l of textLines) expect(l.length, format).toBeLessThanOrEqual(columns);
      expect([...bytes.subarray(-4)]).toEqual([0x1d, 0x56, 0x42, 0x00]);
    }
    expect(encodeCp858('é€œ’')).toEqual([0x82, 0xd5, 0x6f, 0x65, 0x27]);
    expect(encodeText('é€œ’—', 'wpc1252')).toEqual([0xe9, 0x80, 0x9c, 0x92, 0x97]);
  });
});
