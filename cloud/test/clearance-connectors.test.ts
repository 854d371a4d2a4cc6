// Proves the FNE and e-MECeF connectors, driven through certifyOnce against the simulated
// authorities over real HTTP, never certify an invoice twice: happy paths with reference and
// QR, validation errors rejected, outages and timeouts uncertain then certified once the
// service is back, "500 after certifying" reconciled by recover, credit notes referencing
// their original, e-MECeF's confirm step and the expiry of requests never confirmed. The
// simulators and connectors here have their lookups enabled explicitly (SIM_TAX_LOOKUPS);
// clearance-no-lookups.test.ts covers the authorities as they really are.
import { randomUUID } from 'node:crypto';
import {
  startEmecefSimulator,
  startFneSimulator,
  type EmecefSimulator,
  type EmecefSimulatorOptions,
  type FneSimulator,
  type FneSimulatorOptions,
} from '@ismail/firmware-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { certifyOnce, memoryClearanceStore } from '../src/modules/invoicing/clearance/certify-once.js';
import type { ClearanceInvoice, ClearanceLine } from '../src/modules/invoicing/clearance/connector.js';
import { EmecefConnector, memoryEmecefJournal, type EmecefConfig } from '../src/modules/invoicing/clearance/emecef.js';
import { FneConnector, type FneConfig, type FneConnectorOptions } from '../src/modules/invoicing/clearance/fne.js';

const toClose: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of toClose.splice(0).reverse()) await item.close();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Totals as the invoice engine makes them: per group, HT = round(TTC / (1 + rate)), VAT = TTC − HT. */
function withTotals(invoice: Omit<ClearanceInvoice, 'totals'>): ClearanceInvoice {
  const groups = new Map<string, { rateBp: number; ttc: number }>();
  for (const line of invoice.lines) {
    const ttc = Math.round((Math.round(line.quantity * 1000) * line.unitPriceXof) / 1000) - line.discountXof;
    const group = groups.get(line.taxGroup) ?? { rateBp: line.taxRateBp, ttc: 0 };
    group.ttc += ttc;
    groups.set(line.taxGroup, group);
  }
  let totalXof = 0;
  let netXof = 0;
  for (const { rateBp, ttc } of groups.values()) {
    totalXof += ttc;
    netXof += Math.floor((2 * ttc * 10_000 + 10_000 + rateBp) / (2 * (10_000 + rateBp)));
  }
  return { ...invoice, totals: { totalXof, netXof, taxXof: totalXof - netXof } };
}

const line = (
  label: string,
  quantity: number,
  unitPriceXof: number,
  taxGroup: string,
  taxRateBp: number,
  discountXof = 0,
): ClearanceLine => ({ label, quantity, unitPriceXof, taxGroup, taxRateBp, discountXof });

describe('FNE connector against the simulated FNE', () => {
  const apiKey = 'fne-test-api-key-42';

  async function setup(
    options: Partial<FneSimulatorOptions> = {},
    config: Partial<FneConfig> = {},
    connectorOptions: FneConnectorOptions = {},
  ): Promise<{ fne: FneSimulator; connector: FneConnector }> {
    const fne = await startFneSimulator({ apiKey, ncc: '1234567A', lookups: true, ...options });
    toClose.push(fne);
    const connector = new FneConnector(
      {
        baseUrl: fne.baseUrl,
        apiKey,
        pointOfSale: 'Caisse 1',
        establishment: 'Boutique Adjoua',
        walkInClient: { name: 'Client comptoir', phone: '0700000000', email: 'comptoir@boutique-adjoua.ci' },
        timeoutMs: 2000,
        ...config,
      },
      { lookups: true, ...connectorOptions },
    );
    return { fne, connector };
  }

  const sale = (overrides: Partial<ClearanceInvoice> = {}): ClearanceInvoice =>
    withTotals({
      invoiceId: randomUUID(),
      kind: 'invoice',
      number: 'BA-2026-000042',
      issuedAt: '2026-03-01T10:00:00Z',
      seller: {
        taxId: '1234567A',
        legalName: 'Boutique Adjoua SARL',
        establishment: 'Boutique Adjoua',
        pointOfSale: 'Caisse 1',
      },
      buyer: { kind: 'B2C' },
      lines: [
        line('Riz parfumé 5 kg', 2, 4000, 'CI-TVA-18', 1800),
        line('Lait en poudre', 1, 1000, 'CI-TVA-9', 900),
        line('Tomates (kg)', 1.25, 600, 'CI-EXO', 0),
        line('Savon', 3, 500, 'CI-TVA-18', 1800, 100),
      ],
      paymentMethod: 'mobile_money',
      ...overrides,
    });

  it('certifies a sale with its FNE number and QR token, once, with the totals we computed', async () => {
    const { fne, connector } = await setup();
    const store = memoryClearanceStore();
    const invoice = sale();
    const outcome = await certifyOnce(connector, invoice, store);
    expect(outcome).toMatchObject({
      status: 'certified',
      authorityReference: expect.stringMatching(/^1234567A\d{2}\d{9}$/),
      qrData: expect.stringContaining(`${fne.url}/fr/verification/`),
    });
    expect(await certifyOnce(connector, invoice, store)).toEqual(outcome);
    const [certified] = fne.certified();
    expect(fne.certified()).toHaveLength(1);
    expect(certified?.totals.totalXof).toBe(invoice.totals.totalXof);
    expect(certified?.clientReference).toBe(invoice.invoiceId);
    expect((await fetch(outcome.status === 'certified' ? outcome.qrData : '')).status).toBe(200);
  });

  it('rejects what the platform refuses (400) and what cannot be mapped, without retrying', async () => {
    const { fne, connector } = await setup({ pointsOfSale: ['Caisse 1'] });
    const store = memoryClearanceStore();
    const wrongTill = sale({
      seller: {
        taxId: '1234567A',
        legalName: 'Boutique Adjoua SARL',
        establishment: 'Boutique Adjoua',
        pointOfSale: 'Caisse 9',
      },
    });
    expect(await certifyOnce(connector, wrongTill, store)).toEqual({
      status: 'rejected',
      code: 'FNE_BAD_REQUEST',
      message: 'Point of sale is invalid',
    });
    expect(await certifyOnce(connector, wrongTill, store)).toMatchObject({ status: 'rejected' });
    expect(await connector.certify(sale({ lines: [line('Eau', 1, 500, 'CI-TVA-18', 900)] }))).toMatchObject({
      status: 'rejected',
      code: 'TAX_RATE_MISMATCH',
    });
    expect(await connector.certify(sale({ buyer: { kind: 'B2B', name: 'SOTRA' } }))).toMatchObject({
      status: 'rejected',
      code: 'BUYER_TAX_ID_REQUIRED',
    });
    expect(fne.certified()).toEqual([]);
  });

  it('an outage is uncertain; once the platform is back the invoice is certified exactly once', async () => {
    const { fne, connector } = await setup();
    const store = memoryClearanceStore();
    const invoice = sale();
    fne.setDown(true);
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({
      status: 'uncertain',
      reason: expect.stringContaining('503'),
    });
    fne.setDown(true, 'reset');
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({ status: 'uncertain' });
    expect(await connector.health()).toMatchObject({ ok: false });
    fne.setDown(false);
    expect(await connector.health()).toEqual({ ok: true, detail: 'FNE reachable, API key accepted' });
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({ status: 'certified' });
    expect(fne.certified()).toHaveLength(1);
  });

  it('"500 after certifying" is uncertain; recover finds the certification and nothing is sent again', async () => {
    const { fne, connector } = await setup();
    const store = memoryClearanceStore();
    const invoice = sale();
    fne.failAfterCertifyNext(1);
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({
      status: 'uncertain',
      reason: expect.stringContaining('500'),
    });
    expect(store.outcomes.get(invoice.invoiceId)).toMatchObject({ status: 'uncertain' });
    const recovered = await certifyOnce(connector, invoice, store);
    expect(recovered).toMatchObject({
      status: 'certified',
      authorityReference: fne.certified()[0]?.reference,
      qrData: fne.certified()[0]?.token,
    });
    expect(fne.certified()).toHaveLength(1);
    expect(fne.duplicateAttempts()).toBe(0);
  });

  it('a timeout is uncertain; the late certification is found, not repeated', async () => {
    const { fne, connector } = await setup({ latencyMs: 300 }, { timeoutMs: 100 });
    const store = memoryClearanceStore();
    const invoice = sale();
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({
      status: 'uncertain',
      reason: expect.stringContaining('no answer within 100 ms'),
    });
    await sleep(400);
    fne.setLatency(0);
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({ status: 'certified' });
    expect(fne.certified()).toHaveLength(1);
  });

  it('certifies a credit note against the original, also after a "500 after certifying"', async () => {
    const store = memoryClearanceStore();
    const { fne, connector } = await setup({}, {}, { originals: store });
    const original = sale();
    const certified = await certifyOnce(connector, original, store);
    if (certified.status !== 'certified') throw new Error('the original was not certified');
    const creditNote = (): ClearanceInvoice =>
      withTotals({
        ...original,
        invoiceId: randomUUID(),
        kind: 'credit_note',
        number: 'BA-AV-2026-000003',
        lines: [line('Riz parfumé 5 kg', 1, 4000, 'CI-TVA-18', 1800)],
        original: { invoiceId: original.invoiceId, authorityReference: certified.authorityReference },
      });
    const first = await certifyOnce(connector, creditNote(), store);
    expect(first).toMatchObject({
      status: 'certified',
      authorityReference: expect.stringMatching(/^A1234567A\d{11}$/),
    });
    expect(fne.certified().at(-1)).toMatchObject({
      kind: 'refund',
      parentReference: certified.authorityReference,
      totals: { totalXof: 4000 },
      items: [{ description: 'Riz parfumé 5 kg', quantity: 1 }],
    });

    fne.failAfterCertifyNext(1);
    const second = creditNote();
    expect(await certifyOnce(connector, second, store)).toMatchObject({ status: 'uncertain' });
    // Found by the lookup (the original's ids come from the simulated search this time).
    const withoutStore = new FneConnector(
      {
        baseUrl: fne.baseUrl,
        apiKey,
        pointOfSale: 'Caisse 1',
        establishment: 'Boutique Adjoua',
        walkInClient: { name: 'x', phone: '0', email: 'x@x.ci' },
      },
      { lookups: true },
    );
    const recovered = await certifyOnce(withoutStore, second, store);
    expect(recovered).toMatchObject({
      status: 'certified',
      authorityReference: 'A1234567A' + certified.authorityReference.slice(8, 10) + '000000002',
    });
    expect(fne.certified().filter((c) => c.kind === 'refund')).toHaveLength(2);
    // Nothing left to refund on that line: the platform refuses a third.
    expect(await certifyOnce(connector, creditNote(), store)).toMatchObject({
      status: 'rejected',
      code: 'FNE_BAD_REQUEST',
    });
  });

  it('refuses a wrong key as uncertain (configuration), never as a rejection of the invoice', async () => {
    const { fne, connector } = await setup({}, { apiKey: 'not-the-right-key' });
    expect(await connector.certify(sale())).toMatchObject({
      status: 'uncertain',
      reason: expect.stringContaining('API key'),
    });
    expect(await connector.health()).toEqual({ ok: false, detail: 'FNE refused the API key' });
    expect(fne.certified()).toEqual([]);
  });
});

describe('e-MECeF connector against the simulated e-MECeF', () => {
  const token = 'emecef-test-token-42';
  const ifu = '9999900000001';

  async function setup(
    options: Partial<EmecefSimulatorOptions> = {},
    config: Partial<EmecefConfig> = {},
  ): Promise<{ emecef: EmecefSimulator; connector: EmecefConnector }> {
    const emecef = await startEmecefSimulator({ token, ifu, nim: 'TS01005852', lookups: true, ...options });
    toClose.push(emecef);
    const connector = new EmecefConnector(
      { baseUrl: emecef.baseUrl, token, operatorName: 'Jacques', timeoutMs: 2000, ...config },
      { journal: memoryEmecefJournal(), lookups: true },
    );
    return { emecef, connector };
  }

  const sale = (overrides: Partial<ClearanceInvoice> = {}): ClearanceInvoice =>
    withTotals({
      invoiceId: randomUUID(),
      kind: 'invoice',
      number: 'CT-2026-000007',
      issuedAt: '2026-03-01T10:00:00Z',
      seller: { taxId: ifu, legalName: 'Boutique Cotonou SARL' },
      buyer: { kind: 'B2C', name: 'Client comptoir' },
      lines: [
        line("Jus d'orange", 2, 1800, 'BJ-B', 1800),
        line('Lait 1/1 EX', 3, 450, 'BJ-A', 0),
        line('Viande (kg)', 1.5, 3333, 'BJ-B', 1800),
        line('Savon', 3, 500, 'BJ-B', 1800, 100),
      ],
      paymentMethod: 'cash',
      ...overrides,
    });

  it('submits, checks the total, confirms: the MECeF/DGI code and the QR are the certification', async () => {
    const { emecef, connector } = await setup();
    const store = memoryClearanceStore();
    const invoice = sale();
    const outcome = await certifyOnce(connector, invoice, store);
    expect(outcome).toMatchObject({
      status: 'certified',
      authorityReference: expect.stringMatching(/^TEST(-[A-Z0-9]{4}){5}$/),
      qrData: expect.stringMatching(/^F;TS01005852;TEST[A-Z0-9]{20};9999900000001;\d{14}$/),
    });
    const [confirmed] = emecef.confirmed();
    expect(emecef.invoices()).toHaveLength(1);
    expect(confirmed?.totals.total).toBe(invoice.totals.totalXof);
    expect(confirmed?.totals).toMatchObject({ tab: 10000, hab: 8475, vab: 1525, taa: 1350 });
    expect(outcome.status === 'certified' ? outcome.authorityReference : '').toBe(
      confirmed?.securityElements?.codeMECeFDGI,
    );
    expect(await certifyOnce(connector, invoice, store)).toEqual(outcome);
    expect(await connector.health()).toMatchObject({
      ok: true,
      detail: expect.stringContaining('TS01005852: 0 pending'),
    });
  });

  it('rejects what the service refuses with an error code', async () => {
    const { emecef, connector } = await setup();
    const creditNote = sale({
      kind: 'credit_note',
      original: { invoiceId: randomUUID(), authorityReference: 'TEST-AAAA-BBBB-CCCC-DDDD-EEEE' },
    });
    expect(await certifyOnce(connector, creditNote, memoryClearanceStore())).toMatchObject({
      status: 'rejected',
      code: 'EMECEF_11',
    });
    expect(await connector.certify(sale({ lines: [line('Eau', 1, 500, 'BJ-Z', 1800)] }))).toMatchObject({
      status: 'rejected',
      code: 'TAX_GROUP_UNMAPPED',
    });
    expect(emecef.confirmed()).toEqual([]);
  });

  it('"500 after confirm" is uncertain; recover reads the confirmation and nothing is confirmed twice', async () => {
    const { emecef, connector } = await setup();
    const store = memoryClearanceStore();
    const invoice = sale();
    emecef.failAfterConfirmNext(1);
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({
      status: 'uncertain',
      reason: expect.stringContaining('500'),
    });
    const recovered = await certifyOnce(connector, invoice, store);
    expect(recovered).toMatchObject({
      status: 'certified',
      authorityReference: emecef.confirmed()[0]?.securityElements?.codeMECeFDGI,
    });
    expect(emecef.invoices()).toHaveLength(1);
    expect(emecef.confirmed()).toHaveLength(1);
  });

  it('a request whose answer was lost is found pending and cancelled before the retry', async () => {
    const { emecef, connector } = await setup();
    const store = memoryClearanceStore();
    const invoice = sale();
    emecef.failAfterSubmitNext(1);
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({ status: 'uncertain' });
    expect(emecef.invoices().map((i) => i.state)).toEqual(['pending']);
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({ status: 'certified' });
    expect(emecef.invoices().map((i) => i.state)).toEqual(['cancelled', 'confirmed']);
  });

  it('requests never confirmed expire; after an outage the invoice is certified once', async () => {
    let clockMs = Date.parse('2026-03-01T10:00:00Z');
    const { emecef, connector } = await setup({ now: () => clockMs, pendingTtlMs: 120_000 });
    const store = memoryClearanceStore();
    const invoice = sale();
    emecef.failAfterSubmitNext(1);
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({ status: 'uncertain' });
    clockMs += 120_000;
    expect(emecef.invoices().map((i) => i.state)).toEqual(['expired']);
    emecef.setDown(true, 'reset');
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({ status: 'uncertain' });
    expect(await connector.health()).toMatchObject({ ok: false });
    emecef.setDown(false);
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({ status: 'certified' });
    expect(emecef.invoices().map((i) => i.state)).toEqual(['expired', 'confirmed']);
  });

  it('a submit that times out is uncertain; the late pending request is found, cancelled, and the retry confirmed once', async () => {
    const { emecef, connector } = await setup({ latencyMs: 300 }, { timeoutMs: 100 });
    const store = memoryClearanceStore();
    const invoice = sale();
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({
      status: 'uncertain',
      reason: expect.stringContaining('no answer within 100 ms'),
    });
    await sleep(400);
    expect(emecef.invoices().map((i) => i.state)).toEqual(['pending']);
    emecef.setLatency(0);
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({ status: 'certified' });
    expect(emecef.invoices().map((i) => i.state)).toEqual(['cancelled', 'confirmed']);
  });

  it('certifies a credit note (FA) referencing the original code', async () => {
    const { emecef, connector } = await setup();
    const store = memoryClearanceStore();
    const original = sale();
    const certified = await certifyOnce(connector, original, store);
    if (certified.status !== 'certified') throw new Error('the original was not certified');
    const creditNote = withTotals({
      ...original,
      invoiceId: randomUUID(),
      kind: 'credit_note',
      number: 'CT-AV-2026-000001',
      lines: [line("Jus d'orange", 1, 1800, 'BJ-B', 1800)],
      original: { invoiceId: original.invoiceId, authorityReference: certified.authorityReference },
    });
    expect(await certifyOnce(connector, creditNote, store)).toMatchObject({ status: 'certified' });
    expect(emecef.confirmed().at(-1)).toMatchObject({
      type: 'FA',
      request: { reference: certified.authorityReference.replaceAll('-', '') },
      securityElements: { counters: '1/2 FA' },
    });
  });

  it('a refused token is uncertain (configuration), and health says so', async () => {
    const { emecef, connector } = await setup({}, { token: 'not-the-token' });
    expect(await connector.certify(sale())).toMatchObject({
      status: 'uncertain',
      reason: expect.stringContaining('token'),
    });
    expect(await connector.health()).toEqual({ ok: false, detail: 'e-MECeF refused the token' });
    expect(emecef.invoices()).toEqual([]);
  });
});
