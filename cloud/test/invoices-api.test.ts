// Proves over HTTP that an issued invoice cannot be modified through any route: PUT and
// DELETE answer 409, issuing again changes nothing, only a credit note corrects it; drafts
// stay editable; invoices are visible to their issuer (and its staff), never to others.
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeTotals, type InvoiceDraft } from '@ismail/shared';
import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { buildCloudApp } from '../src/http/app.js';
import type { InvoiceRecord } from '../src/invoicing/invoices.js';
import { testBackends, testSecrets } from './support/databases.js';
import { readWithLibreOffice } from './support/libreoffice.js';
import { bearer, createPeople, type Person, type Signed } from './support/people.js';

const seller = { legalName: 'Maquis Chez Tanti', taxId: '7654321B', taxRegime: 'RME', address: 'Yopougon, Abidjan', country: 'CI' };
function sale(unitPriceXof: number): InvoiceDraft {
  const lines = [{ label: 'Garba', quantityMilli: 2000, unitPriceXof, taxGroup: 'CI-TVA-18', discountXof: 0 }];
  return { kind: 'invoice', currency: 'XOF', priceMode: 'tax_included', seller, buyer: { kind: 'B2C' }, lines, payments: [{ method: 'mobile_money', amountXof: computeTotals({ lines, priceMode: 'tax_included' }).grossXof }] };
}

describe.each(testBackends)('invoices API on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  beforeAll(async () => {
    db = await backend.open();
    await migrate(db.pool);
    const secrets = testSecrets();
    app = await buildCloudApp({ db, logLevel: 'error', ...secrets });
    people = await createPeople(db, app, secrets.masterKey);
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
    expect((await call('partnerA', 'POST', '/v1/invoices', { document: { ...sale(1000), kind: 'credit_note' } })).statusCode).toBe(400);

    const note = await call('partnerA', 'POST', `/v1/invoices/${draft.id}/credit-notes`, { lines: 'all' });
    expect(note.statusCode).toBe(201);
    expect(note.json<InvoiceRecord>()).toMatchObject({ kind: 'credit_note', number: `AV-CLOUD-${String(year)}-000001`, originalInvoiceId: draft.id });
    const after = (await call('partnerA', 'GET', `/v1/invoices/${draft.id}`)).json<InvoiceRecord>();
    expect(after).toEqual(issued);
    // The month's report nets the invoice and its full credit note to zero.
    const period = new Date().toISOString().slice(0, 7);
    const report = (await call('partnerA', 'GET', `/v1/invoices/reports/tax?period=${period}`)).json<{ invoices: number; creditNotes: number; grossXof: number }>();
    expect(report).toMatchObject({ invoices: 1, creditNotes: 1, grossXof: 0 });
    expect((await call('partnerA', 'GET', '/v1/invoices/reports/tax?period=2026-13')).statusCode).toBe(400);
    // The accountants' export: the invoice line and the credit note line, netting to zero.
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 3600_000).toISOString();
    const xlsx = await call('partnerA', 'GET', `/v1/invoices/exports/lines?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
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
    expect(rows.slice(1).map((r) => Number(r[8])).sort((a, b) => a - b)).toEqual([-3000, 3000]);
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
});
