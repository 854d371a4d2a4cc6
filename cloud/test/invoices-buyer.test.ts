// A buyer's invoices (issue 22 item 6): `GET /v1/invoices?as=buyer` lists the issued invoices
// addressed to the caller (partner staff: their partner), never a draft and never anyone
// else's, with filters (dates, status, amounts, clearance) and keyset pages that neither skip
// nor repeat; the recipient reads the detail with its clearance reference and QR, and
// downloads the PDF and XLSX; anyone else gets the same 404 as for an unknown id, and the
// recipient cannot change what it received. The seller's list stays what it issued.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeTotals, type InvoiceDraft } from '@ismail/shared';
import { withTransaction } from '../src/platform/db/transaction.js';
import { createDraft, issueInvoice, type InvoiceRecord } from '../src/modules/invoicing/invoices.js';
import { testBackends } from './support/databases.js';
import { bearer, type Person } from './support/people.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

const seller = (legalName: string): InvoiceDraft['seller'] => ({
  legalName,
  taxId: '7654321B',
  taxRegime: 'RME',
  address: 'Yopougon, Abidjan',
  country: 'CI',
});

function sale(legalName: string, unitPriceXof: number): InvoiceDraft {
  const lines = [{ label: 'Garba', quantityMilli: 1000, unitPriceXof, taxGroup: 'CI-TVA-18', discountXof: 0 }];
  return {
    kind: 'invoice',
    currency: 'XOF',
    priceMode: 'tax_included',
    seller: seller(legalName),
    buyer: { kind: 'B2C' },
    lines,
    payments: [{ method: 'wallet', amountXof: computeTotals({ lines, priceMode: 'tax_included' }).grossXof }],
  };
}

interface Listed {
  invoices: InvoiceRecord[];
  nextCursor: string | null;
}

describe.each(testBackends)('invoices addressed to me, on $name', (backend) => {
  let cloud: TestCloud;
  const issued: Record<string, InvoiceRecord> = {};
  let draftForClientA: InvoiceRecord;

  const call = (person: Person, method: 'GET' | 'PUT' | 'DELETE' | 'POST', url: string, payload?: object) =>
    cloud.app.inject({
      method,
      url,
      headers: bearer(cloud.people[person]),
      ...(payload === undefined ? {} : { payload }),
    });
  const list = async (person: Person, query: string): Promise<Listed> => {
    const response = await call(person, 'GET', `/v1/invoices${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Listed>();
  };
  const ids = (listed: Listed) => listed.invoices.map((i) => i.id);

  /** An invoice from `issuer` to `recipient`, issued at `at` (or only drafted). */
  async function invoice(
    issuer: Person,
    recipient: Person,
    grossXof: number,
    at: string | null,
  ): Promise<InvoiceRecord> {
    const { people, db } = cloud;
    return withTransaction(db.pool, async (c) => {
      const draft = await createDraft(c, {
        issuerAccountId: people[issuer].id,
        register: 'cloud',
        document: sale(`Vendeur ${issuer}`, grossXof),
        createdBy: people[issuer].id,
        source: 'test',
        sourceRef: randomUUID(),
        recipientAccountId: people[recipient].id,
      });
      if (at === null) return draft;
      return issueInvoice(c, draft.id, { label: 'test', place: 'test' }, new Date(at));
    });
  }

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
    issued.jan = await invoice('partnerA', 'clientA', 1_000, '2026-01-10T10:00:00Z');
    issued.feb = await invoice('partnerA', 'clientA', 5_000, '2026-02-10T10:00:00Z');
    issued.mar = await invoice('partnerA', 'clientA', 20_000, '2026-03-10T10:00:00Z');
    issued.fromB = await invoice('partnerB', 'clientA', 2_000, '2026-03-15T10:00:00Z');
    issued.toClientB = await invoice('partnerA', 'clientB', 3_000, '2026-03-12T10:00:00Z');
    issued.toPartnerA = await invoice('partnerB', 'partnerA', 7_000, '2026-03-20T10:00:00Z');
    draftForClientA = await invoice('partnerA', 'clientA', 9_000, null);
    for (const record of Object.values(issued)) expect(record.status).toBe('issued');
    // The tax authority certified one: its reference and QR are the buyer's to read.
    await cloud.db.pool.query(
      "UPDATE invoices SET clearance_status = 'certified', authority = 'fne', authority_reference = 'FNE-2026-000123', qr_data = 'https://fne.example/verify/000123', certified_at = now() WHERE id = $1",
      [issued.mar?.id],
    );
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('lists exactly the issued invoices addressed to the buyer, newest first', async () => {
    const mine = await list('clientA', '?as=buyer');
    expect(ids(mine)).toEqual([issued.fromB?.id, issued.mar?.id, issued.feb?.id, issued.jan?.id]);
    expect(mine.nextCursor).toBeNull();
    expect(ids(mine)).not.toContain(draftForClientA.id);
    expect(ids(await list('clientB', '?as=buyer'))).toEqual([issued.toClientB?.id]);
    // Partner staff see what their partner received.
    expect(ids(await list('staffA', '?as=buyer'))).toEqual([issued.toPartnerA?.id]);
    expect(ids(await list('partnerA', '?as=buyer'))).toEqual([issued.toPartnerA?.id]);
  });

  it('filters by dates, status, amounts and clearance', async () => {
    const q = (query: string) => list('clientA', `?as=buyer&${query}`).then(ids);
    expect(await q('from=2026-02-01T00:00:00Z&to=2026-03-12T00:00:00Z')).toEqual([issued.mar?.id, issued.feb?.id]);
    expect(await q('minGrossXof=2000&maxGrossXof=5000')).toEqual([issued.fromB?.id, issued.feb?.id]);
    expect(await q('status=issued')).toHaveLength(4);
    expect(await q('status=draft')).toEqual([]);
    expect(await q('clearance=certified')).toEqual([issued.mar?.id]);
    expect((await call('clientA', 'GET', '/v1/invoices?as=buyer&status=paid')).statusCode).toBe(400);
  });

  it('pages with a cursor, neither skipping nor repeating', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const listed: Listed = await list('clientA', `?as=buyer&limit=1${cursor === null ? '' : `&cursor=${cursor}`}`);
      seen.push(...ids(listed));
      cursor = listed.nextCursor;
      if (cursor === null) break;
    }
    expect(seen).toEqual([issued.fromB?.id, issued.mar?.id, issued.feb?.id, issued.jan?.id]);
    const forged = await call('clientA', 'GET', '/v1/invoices?as=buyer&cursor=bm90LW91cnM');
    expect(forged.statusCode).toBe(400);
  });

  it('lets the buyer read the detail with its clearance reference and QR, and download the PDF and XLSX', async () => {
    const id = issued.mar?.id ?? '';
    const detail = await call('clientA', 'GET', `/v1/invoices/${id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json<InvoiceRecord>()).toMatchObject({
      id,
      status: 'issued',
      clearanceStatus: 'certified',
      authority: 'fne',
      authorityReference: 'FNE-2026-000123',
      qrData: 'https://fne.example/verify/000123',
      totals: { grossXof: 20_000 },
    });
    const pdf = await call('clientA', 'GET', `/v1/invoices/${id}/export?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const xlsx = await call('clientA', 'GET', `/v1/invoices/${id}/export?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('answers anyone else the same 404 as an unknown id, and never lets the buyer change it', async () => {
    const unknown = randomUUID();
    const urls = (id: string) => [
      `/v1/invoices/${id}`,
      `/v1/invoices/${id}/export?format=pdf`,
      `/v1/invoices/${id}/export?format=xlsx`,
    ];
    // The answer without its request id: the same code and message whether the invoice exists or not.
    const answer = (response: { json: <T>() => T }) => {
      const { code, message } = response.json<{ error: { code: string; message: string } }>().error;
      return { code, message };
    };
    const notFound = answer(await call('clientB', 'GET', urls(unknown)[0] ?? ''));
    expect(notFound.code).toBe('NOT_FOUND');
    for (const [person, id] of [
      ['clientB', issued.mar?.id],
      ['partnerB', issued.mar?.id],
      ['staffA', issued.fromB?.id],
      ['clientA', issued.toClientB?.id],
      ['clientA', draftForClientA.id],
    ] as const) {
      for (const url of urls(id ?? '')) {
        const response = await call(person, 'GET', url);
        expect(response.statusCode, `${person} ${url}`).toBe(404);
        expect(answer(response)).toEqual(notFound);
      }
    }
    const id = issued.mar?.id ?? '';
    for (const [method, url, payload] of [
      ['DELETE', `/v1/invoices/${id}`, undefined],
      ['POST', `/v1/invoices/${id}/issue`, undefined],
      ['POST', `/v1/invoices/${id}/credit-notes`, { lines: 'all' }],
    ] as const)
      expect((await call('clientA', method, url, payload)).statusCode, `${method} ${url}`).toBe(404);
  });

  it("keeps the seller's list as it was: what it issued, drafts included, nothing it received", async () => {
    const asDefault = await list('partnerA', '');
    const asSeller = await list('partnerA', '?as=seller');
    expect(ids(asSeller)).toEqual(ids(asDefault));
    expect(new Set(ids(asDefault))).toEqual(
      new Set([issued.jan?.id, issued.feb?.id, issued.mar?.id, issued.toClientB?.id, draftForClientA.id]),
    );
    expect(ids(await list('partnerA', '?status=draft'))).toEqual([draftForClientA.id]);
    expect(ids(await list('partnerA', '?minGrossXof=5000&status=issued'))).toEqual([issued.mar?.id, issued.feb?.id]);
    expect(ids(await list('clientA', ''))).toEqual([]);
  });
});
