// Proves over HTTP that an issued invoice cannot be modified through any route: PUT and
// DELETE answer 409, issuing again changes nothing, only a credit note corrects it; drafts
// stay editable; invoices are visible to their issuer (and its staff), never to others; and
// (issues 19.8, 20.5) a draft's seller is the issuer's own identity from its account (a body
// naming another is refused), printed with its address, NCC, RCCM, phone, logo and the FNE
// reference.
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeTotals, type InvoiceDraft } from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import type { InvoiceRecord } from '../src/modules/invoicing/invoices.js';
import { requireTool } from '../../tools/test-support/system-tools.js';
import { testBackends } from './support/databases.js';
import { openTestCloud } from './support/test-cloud.js';
import { readWithLibreOffice } from './support/libreoffice.js';
import { bearer, type Person, type Signed } from './support/people.js';

const seller = {
  legalName: 'Maquis Chez Tanti',
  taxId: '7654321B',
  taxRegime: 'RME',
  address: 'Yopougon, Abidjan',
  country: 'CI',
};
/** A draft as a client sends it: no seller (the cloud names the issuer). */
function sale(unitPriceXof: number): Omit<InvoiceDraft, 'seller'> {
  const lines = [{ label: 'Garba', quantityMilli: 2000, unitPriceXof, taxGroup: 'CI-TVA-18', discountXof: 0 }];
  return {
    kind: 'invoice',
    currency: 'XOF',
    priceMode: 'tax_included',
    buyer: { kind: 'B2C' },
    lines,
    payments: [{ method: 'mobile_money', amountXof: computeTotals({ lines, priceMode: 'tax_included' }).grossXof }],
  };
}

describe.each(testBackends)('invoices API on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  beforeAll(async () => {
    ({ db, app, people } = await openTestCloud(backend, { seedRates: false }));
    // The tax identity comes with KYC and admins (no route sets it): without it every draft is held.
    await db.pool.query("UPDATE accounts SET tax_id = '7654321B', tax_regime = 'RME' WHERE id = $1", [
      people.partnerA.id,
    ]);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });
  const call = (person: Person, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, headers: bearer(people[person]), ...(payload === undefined ? {} : { payload }) });

  it('keeps drafts editable and issued invoices untouchable by any route', async () => {
    const created = await call('partnerA', 'POST', '/v1/invoices', { document: sale(1000) });
    expect(created.statusCode).toBe(201);
    const draft = created.json<InvoiceRecord>();
    expect((await call('partnerA', 'PUT', `/v1/invoices/${draft.id}`, { document: sale(1500) })).statusCode).toBe(200);
    const issued = (await call('partnerA', 'POST', `/v1/invoices/${draft.id}/issue`)).json<InvoiceRecord>();
    const year = new Date().getUTCFullYear();
    expect(issued).toMatchObject({ status: 'issued', number: `F-CLOUD-${String(year)}-000001` });
    expect(issued.totals?.grossXof).toBe(3_000);

    const put = await call('partnerA', 'PUT', `/v1/invoices/${draft.id}`, { document: sale(1) });
    expect(put.statusCode).toBe(409);
    expect((await call('partnerA', 'DELETE', `/v1/invoices/${draft.id}`)).statusCode).toBe(409);
    expect((await call('admin', 'PUT', `/v1/invoices/${draft.id}`, { document: sale(1) })).statusCode).toBe(409);
    const reissue = (await call('partnerA', 'POST', `/v1/invoices/${draft.id}/issue`)).json<InvoiceRecord>();
    expect(reissue).toMatchObject({ number: issued.number, contentHash: issued.contentHash });
    // A credit note cannot be smuggled in as a new document.
    expect(
      (await call('partnerA', 'POST', '/v1/invoices', { document: { ...sale(1000), kind: 'credit_note' } })).statusCode,
    ).toBe(400);

    const note = await call('partnerA', 'POST', `/v1/invoices/${draft.id}/credit-notes`, { lines: 'all' });
    expect(note.statusCode).toBe(201);
    expect(note.json<InvoiceRecord>()).toMatchObject({
      kind: 'credit_note',
      number: `AV-CLOUD-${String(year)}-000001`,
      originalInvoiceId: draft.id,
    });
    const after = (await call('partnerA', 'GET', `/v1/invoices/${draft.id}`)).json<InvoiceRecord>();
    expect(after).toEqual(issued);
    // The month's report nets the invoice and its full credit note to zero.
    const period = new Date().toISOString().slice(0, 7);
    const report = (await call('partnerA', 'GET', `/v1/invoices/reports/tax?period=${period}`)).json<{
      invoices: number;
      creditNotes: number;
      grossXof: number;
    }>();
    expect(report).toMatchObject({ invoices: 1, creditNotes: 1, grossXof: 0 });
    expect((await call('partnerA', 'GET', '/v1/invoices/reports/tax?period=2026-13')).statusCode).toBe(400);
    // The accountants' export: the invoice line and the credit note line, netting to zero.
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 3600_000).toISOString();
    const xlsx = await call(
      'partnerA',
      'GET',
      `/v1/invoices/exports/lines?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const amounts: number[] = [];
    workbook.getWorksheet('Lignes')?.eachRow((row, n) => {
      if (n > 1) amounts.push(Number(row.getCell(9).value));
    });
    expect(amounts.sort((a, b) => a - b)).toEqual([-3000, 3000]);
    // The streamed workbook (shared strings off, rows flushed as written) opens in Calc too.
    const rows = readWithLibreOffice(xlsx.rawPayload);
    expect(
      rows
        .slice(1)
        .map((r) => Number(r[8]))
        .sort((a, b) => a - b),
    ).toEqual([-3000, 3000]);
  });

  it('shows an invoice to its issuer, its staff and admins only', async () => {
    const draft = (await call('partnerA', 'POST', '/v1/invoices', { document: sale(2000) })).json<InvoiceRecord>();
    expect((await call('staffA', 'GET', `/v1/invoices/${draft.id}`)).statusCode).toBe(200);
    expect((await call('staffA', 'PUT', `/v1/invoices/${draft.id}`, { document: sale(1) })).statusCode).toBe(403);
    expect((await call('partnerB', 'GET', `/v1/invoices/${draft.id}`)).statusCode).toBe(404);
    expect((await call('partnerB', 'DELETE', `/v1/invoices/${draft.id}`)).statusCode).toBe(404);
    expect((await call('admin', 'GET', `/v1/invoices/${draft.id}`)).statusCode).toBe(200);
    const mine = (await call('partnerA', 'GET', '/v1/invoices?status=draft')).json<{ invoices: InvoiceRecord[] }>();
    expect(mine.invoices.map((i) => i.id)).toContain(draft.id);
    expect((await call('partnerB', 'GET', '/v1/invoices')).json<{ invoices: InvoiceRecord[] }>().invoices).toEqual([]);
    // A draft can be deleted; it then no longer exists.
    expect((await call('partnerA', 'DELETE', `/v1/invoices/${draft.id}`)).statusCode).toBe(204);
    expect((await call('partnerA', 'GET', `/v1/invoices/${draft.id}`)).statusCode).toBe(404);
  });

  it("prints the issuer's own identity (never the body's), its logo, the buyer and the FNE reference in the PDF, CSV and XLSX (needs poppler and LibreOffice Calc)", async () => {
    const pdftotext = requireTool('pdftotext');
    const details = {
      tradeName: 'Chez Tanti',
      address: 'Rue des Jardins, Yopougon, Abidjan',
      rccm: 'CI-ABJ-2024-B-12345',
      phone: '+225 07 08 09 10 11',
    };
    const set = await call('partnerA', 'PUT', '/v1/invoices/seller', details);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ ...details, taxId: '7654321B', taxRegime: 'RME', country: 'CI' });
    expect((await call('staffA', 'PUT', '/v1/invoices/seller', { rccm: 'X' })).statusCode).toBe(403);
    expect((await call('partnerA', 'PUT', '/v1/invoices/seller', { taxId: '1111111A' })).statusCode).toBe(400);
    // The logo: a PNG (magic bytes checked), 256 KiB at most.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const upload = (body: Buffer, contentType: string) =>
      app.inject({
        method: 'PUT',
        url: '/v1/invoices/seller/logo',
        headers: { ...bearer(people.partnerA), 'content-type': contentType },
        payload: body,
      });
    expect((await upload(Buffer.from('GIF89a-not-a-png'), 'image/png')).statusCode).toBe(400);
    expect((await upload(Buffer.from('GIF89a'), 'image/gif')).statusCode).toBe(415);
    expect((await upload(Buffer.concat([png, Buffer.alloc(300 * 1024)]), 'image/png')).statusCode).toBe(413);
    expect((await upload(png, 'image/png')).statusCode).toBe(204);

    // A body naming someone else as seller is refused; without one, the issuer's identity is the seller.
    const forged = {
      ...sale(1000),
      seller: { ...seller, legalName: 'Quelqu’un d’autre SARL', taxId: '1111111A' },
      buyer: { kind: 'B2C', name: 'Awa Traoré' },
    };
    const refused = await call('partnerA', 'POST', '/v1/invoices', { document: forged });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('INVOICE_SELLER_NOT_YOURS');
    const draft = (
      await call('partnerA', 'POST', '/v1/invoices', { document: { ...forged, seller: undefined } })
    ).json<InvoiceRecord>();
    expect(draft.document.seller).toMatchObject({ ...details, taxId: '7654321B', taxRegime: 'RME' });
    expect(draft.document.seller.legalName).not.toContain('autre');
    const issued = (await call('partnerA', 'POST', `/v1/invoices/${draft.id}/issue`)).json<InvoiceRecord>();
    expect(issued.status).toBe('issued');
    // Certified as the clearance service records it.
    const reference = '7654321BFNE26000000042';
    await db.pool.query(
      "UPDATE invoices SET clearance_status = 'certified', authority = 'fne', authority_reference = $2, qr_data = $3, certified_at = $4 WHERE id = $1",
      [
        issued.id,
        reference,
        'https://www.services.fne.dgi.gouv.ci/fr/verification/42',
        new Date('2026-11-24T10:30:00Z'),
      ],
    );
    const exported = async (format: string) => {
      const response = await call('partnerA', 'GET', `/v1/invoices/${issued.id}/export?format=${format}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.rawPayload;
    };
    const pdf = await exported('pdf');
    const text = execFileSync(pdftotext, ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');
    for (const mention of [
      'Chez Tanti',
      'Rue des Jardins, Yopougon, Abidjan',
      'NCC : 7654321B',
      'RCCM : CI-ABJ-2024-B-12345',
      'Tél. : +225 07 08 09 10 11',
      'Awa Traoré',
      reference,
    ])
      expect(text).toContain(mention);
    expect(text.replace(/\s+/g, ' ')).toContain(`Certifiée FNE le 24/11/2026 10:30 : ${reference}`);
    expect(pdf.toString('latin1')).toContain('/Subtype /Image'); // the uploaded logo
    const csv = (await exported('csv')).toString('utf8');
    expect(csv).toContain(`;Awa Traoré;B2C;`);
    expect(csv).toContain(`;FNE;${reference};24/11/2026`);

    // The period's lines: the buyer by name, the reference, and the date a date cell in a French format.
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 3600_000).toISOString();
    const xlsx = (
      await call(
        'partnerA',
        'GET',
        `/v1/invoices/exports/lines?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      )
    ).rawPayload;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Lignes');
    let dateCell: ExcelJS.Cell | undefined;
    sheet?.eachRow((row) => {
      if (row.getCell(1).value === issued.number) dateCell = row.getCell(2);
    });
    expect(dateCell?.type).toBe(ExcelJS.ValueType.Date);
    expect(dateCell?.numFmt).toBe('dd/mm/yyyy hh:mm');
    const shown = readWithLibreOffice(xlsx, { asShown: true });
    const header = shown[0] ?? [];
    const line = shown.find((r) => r[0] === issued.number) ?? [];
    expect(line[header.indexOf('Date')]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(line[header.indexOf('Client')]).toBe('Awa Traoré');
    expect(line[header.indexOf('Type client')]).toBe('B2C');
    expect(line[header.indexOf('Autorité')]).toBe('FNE');
    expect(line[header.indexOf('Référence')]).toBe(reference);
    expect(line[header.indexOf('Certifiée le')]).toBe('24/11/2026 10:30');
  });
});
