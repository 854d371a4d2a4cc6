// Proves the simulated FNE (DGI Côte d'Ivoire) behaves like the documented API over real
// HTTP: Bearer key, 400 {message, error, statusCode} on invalid input, numbers
// NCC + YY + 9-digit gapless series per kind and year, the verification URL, credit notes
// limited to what was sold, and its faults: outage (503 or cut connection), latency, and
// "certified, then answered 500". By default, like the real platform, it has no lookup and
// certifies a resent invoice again; with `lookups` it refuses it (409) and can be searched.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startFneSimulator, type FneSimulator, type FneSimulatorOptions } from '../src/tax/fne.js';
import { until } from './support/receiver.js';

const apiKey = 'fne-test-api-key-42';
const toClose: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of toClose.splice(0).reverse()) await item.close();
});

async function simulator(options: Partial<FneSimulatorOptions> = {}): Promise<FneSimulator> {
  const fne = await startFneSimulator({
    apiKey,
    ncc: '1234567A',
    now: () => Date.parse('2026-03-01T10:00:00Z'),
    ...options,
  });
  toClose.push(fne);
  return fne;
}

const sale = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  invoiceType: 'sale',
  paymentMethod: 'mobile-money',
  template: 'B2C',
  clientCompanyName: 'Client comptoir',
  clientPhone: '0700000000',
  clientEmail: 'comptoir@example.ci',
  pointOfSale: 'Caisse 1',
  establishment: 'Boutique Adjoua',
  commercialMessage: `Réf. ${randomUUID()}`,
  items: [
    { taxes: ['TVA'], description: 'Riz parfumé 5 kg', quantity: 2, amount: 3389.8305, measurementUnit: 'sac' },
    { taxes: ['TVAB'], description: 'Lait en poudre', quantity: 1, amount: 917.4312 },
  ],
  ...overrides,
});

interface Answer {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

async function post(fne: FneSimulator, path: string, body: unknown, key: string | null = apiKey): Promise<Answer> {
  const response = await fetch(`${fne.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const items = (answer: Answer): { id: string; quantity: number; description: string }[] =>
  (answer.json.invoice as { items: { id: string; quantity: number; description: string }[] }).items;

describe('simulated FNE certification API', () => {
  it('certifies a sale: FNE number, verification URL, sticker balance, the invoice with item ids and totals', async () => {
    const fne = await simulator({ stickers: 51, stickerWarningBelow: 50 });
    const answer = await post(fne, '/external/invoices/sign', sale());
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      ncc: '1234567A',
      reference: '1234567A26000000001',
      warning: false,
      balance_sticker: 50,
    });
    const token = answer.json.token as string;
    expect(token).toMatch(
      new RegExp(`^${fne.url}/fr/verification/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`),
    );
    const invoice = answer.json.invoice as Record<string, unknown>;
    // 2 × 3 389.8305 = 6 779.661 → 6 780 HT, VAT 1 220; 917.4312 → 917 HT, VAT 83 at 9 %.
    expect(invoice).toMatchObject({
      totalBeforeTaxes: 7697,
      vatAmount: 1303,
      amount: 9000,
      template: 'B2C',
      source: 'api',
    });
    expect(items(answer)).toHaveLength(2);

    const page = await fetch(token);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('1234567A26000000001');
    const publicData = await fetch(`${fne.baseUrl}/invoices/qr/${token.split('/').at(-1) ?? ''}`);
    expect(await publicData.json()).toMatchObject({ reference: '1234567A26000000001', issuer: { ncc: '1234567A' } });

    const second = await post(fne, '/external/invoices/sign', sale());
    expect(second.json).toMatchObject({ reference: '1234567A26000000002', warning: true, balance_sticker: 49 });
  });

  it('keeps one gapless series per kind and year; a refused request uses no number', async () => {
    let clockMs = Date.parse('2026-12-31T23:59:00Z');
    const fne = await simulator({ now: () => clockMs });
    expect((await post(fne, '/external/invoices/sign', sale({ template: 'B2B' }))).status).toBe(400);
    const first = await post(fne, '/external/invoices/sign', sale());
    const purchase = await post(
      fne,
      '/external/invoices/sign',
      sale({ invoiceType: 'purchase', items: [{ description: 'Cacao', quantity: 100, amount: 1000 }] }),
    );
    const refund = await post(fne, `/external/invoices/${(first.json.invoice as { id: string }).id}/refund`, {
      items: [{ id: items(first)[0]?.id, quantity: 1 }],
    });
    clockMs = Date.parse('2027-01-01T00:00:01Z');
    const nextYear = await post(fne, '/external/invoices/sign', sale());
    expect([first.json.reference, purchase.json.reference, refund.json.reference, nextYear.json.reference]).toEqual([
      '1234567A26000000001',
      'B1234567A26000000001',
      'A1234567A26000000001',
      '1234567A27000000001',
    ]);
    expect(refund.status).toBe(201);
  });

  it('refuses a missing or wrong API key with 401 and certifies nothing', async () => {
    const fne = await simulator();
    for (const key of [null, 'wrong-key-123']) {
      const answer = await post(fne, '/external/invoices/sign', sale(), key);
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ statusCode: 401, error: 'unauthorized' });
    }
    expect(fne.certified()).toEqual([]);
  });

  it('answers 400 with a message (and the field) for invalid requests', async () => {
    const fne = await simulator({ pointsOfSale: ['Caisse 1'] });
    const cases: [unknown, string, string][] = [
      ['', 'body', 'The request body is empty'],
      [sale({ template: 'B2B' }), 'clientNcc', 'clientNcc is required for a B2B invoice'],
      [sale({ pointOfSale: 'Caisse 9' }), 'pointOfSale', 'Point of sale is invalid'],
      [sale({ clientPhone: 700000000 }), 'clientPhone', 'clientPhone must be a non-empty string'],
      [
        sale({ items: [{ taxes: ['TVA', 'TVAB'], description: 'x', quantity: 1, amount: 1 }] }),
        'items[0].taxes',
        'items[0].taxes must hold exactly one of TVA, TVAB, TVAC, TVAD',
      ],
      [
        sale({ items: [{ taxes: ['TVAE'], description: 'x', quantity: 1, amount: 1 }] }),
        'items[0].taxes',
        'items[0].taxes must hold exactly one of TVA, TVAB, TVAC, TVAD',
      ],
      [
        sale({ template: 'B2F', clientNcc: undefined }),
        'foreignCurrency',
        'foreignCurrency must be one of XOF, USD, EUR, JPY, CAD, GBP, AUD, CNH, CHF, HKD, NZD',
      ],
    ];
    for (const [body, field, message] of cases) {
      const answer = await post(fne, '/external/invoices/sign', body);
      expect(answer.status, message).toBe(400);
      expect(answer.json).toEqual({ message, error: 'bad_request', statusCode: 400, errors: { [field]: message } });
    }
    expect(fne.certified()).toEqual([]);
  });

  it('as the real platform: no /sim/ lookup (404), and a resent invoice is certified again', async () => {
    const fne = await simulator();
    const body = sale({ commercialMessage: `Vente 41 / ${randomUUID()}` });
    expect((await post(fne, '/external/invoices/sign', body)).status).toBe(200);
    expect((await post(fne, '/external/invoices/sign', body)).status).toBe(200);
    expect(fne.certified()).toHaveLength(2);
    expect(fne.duplicateAttempts()).toBe(1);
    const search = await fetch(`${fne.baseUrl}/sim/invoices?reference=${String(fne.certified()[0]?.reference)}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(search.status).toBe(404);
  });

  it('with lookups, never certifies the same client reference twice: the second attempt is a 409 naming the first', async () => {
    const fne = await simulator({ lookups: true });
    const body = sale({ commercialMessage: `Vente 42 / ${randomUUID()}` });
    const first = await post(fne, '/external/invoices/sign', body);
    const again = await post(fne, '/external/invoices/sign', body);
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({
      statusCode: 409,
      error: 'conflict',
      reference: first.json.reference,
      token: first.json.token,
    });
    expect(fne.certified()).toHaveLength(1);
    expect(fne.duplicateAttempts()).toBe(1);
  });

  it('refunds only quantities of the original lines, never more than was sold', async () => {
    const fne = await simulator({ lookups: true });
    const original = await post(fne, '/external/invoices/sign', sale());
    const id = (original.json.invoice as { id: string }).id;
    const [rice] = items(original);
    const partial = await post(fne, `/external/invoices/${id}/refund`, { items: [{ id: rice?.id, quantity: 1.5 }] });
    expect(partial.status).toBe(201);
    expect(partial.json).toEqual({
      ncc: '1234567A',
      reference: 'A1234567A26000000001',
      token: expect.any(String),
      warning: false,
      balance_sticker: 998,
    });
    expect(
      (await post(fne, `/external/invoices/${id}/refund`, { items: [{ id: rice?.id, quantity: 1 }] })).status,
    ).toBe(400);
    expect(
      (await post(fne, `/external/invoices/${id}/refund`, { items: [{ id: randomUUID(), quantity: 1 }] })).status,
    ).toBe(400);
    expect(
      (await post(fne, `/external/invoices/${randomUUID()}/refund`, { items: [{ id: rice?.id, quantity: 0.5 }] }))
        .status,
    ).toBe(404);

    const search = await fetch(`${fne.baseUrl}/sim/invoices?parentReference=${String(original.json.reference)}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    const found = (
      (await search.json()) as { data: { reference: string; invoice: { items: { quantity: number }[] } }[] }
    ).data;
    expect(found.map((entry) => [entry.reference, entry.invoice.items[0]?.quantity])).toEqual([
      ['A1234567A26000000001', 1.5],
    ]);
  });

  it('"500 after certifying": the invoice is certified and findable with lookups, though the client was told 500', async () => {
    const fne = await simulator({ lookups: true });
    fne.failAfterCertifyNext(1);
    const reference = randomUUID();
    const failed = await post(fne, '/external/invoices/sign', sale({ commercialMessage: `Réf. ${reference}` }));
    expect(failed.status).toBe(500);
    expect(failed.json).toMatchObject({ statusCode: 500, error: 'invoice_signing_error' });
    expect(fne.certified()).toMatchObject([
      { reference: '1234567A26000000001', clientReference: reference, answeredWith: 500 },
    ]);

    const search = await fetch(`${fne.baseUrl}/sim/invoices?commercialMessage=${reference}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(await search.json()).toMatchObject({
      data: [{ reference: '1234567A26000000001', invoice: { commercialMessage: `Réf. ${reference}` } }],
    });
    expect((await post(fne, '/external/invoices/sign', sale())).status).toBe(200);
  });

  it('goes down (503 or a cut connection) and comes back', async () => {
    const fne = await simulator();
    fne.setDown(true);
    const unavailable = await fetch(`${fne.baseUrl}/external/invoices/sign`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(sale()),
    });
    expect(unavailable.status).toBe(503);
    await unavailable.text();
    fne.setDown(true, 'reset');
    await expect(post(fne, '/external/invoices/sign', sale())).rejects.toThrow();
    fne.setDown(false);
    expect((await post(fne, '/external/invoices/sign', sale())).status).toBe(200);
    expect(fne.certified()).toHaveLength(1);
  });

  it('answers late when told to, and still certifies what a client gave up waiting for', async () => {
    const fne = await simulator({ latencyMs: 150 });
    const request = fetch(`${fne.baseUrl}/external/invoices/sign`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(sale()),
      signal: AbortSignal.timeout(30),
    });
    await expect(request).rejects.toThrow();
    expect(fne.certified()).toHaveLength(0);
    await until(() => fne.certified().length === 1, 2000);
    fne.setLatency(0);
    const started = Date.now();
    await post(fne, '/external/invoices/sign', sale());
    expect(Date.now() - started).toBeLessThan(150);
  });
});
