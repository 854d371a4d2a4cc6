// Proves the FNE and e-MECeF connectors, driven through certifyOnce against simulators that
// behave as the real authorities do (no /sim/ lookup, FNE certifying a resent invoice
// again), never send again an invoice that may have been certified: "500 after certifying"
// and timeouts stay uncertain for a person; only a call that never reached the authority
// (connection refused) is resent, and is then certified once.
import { randomUUID } from 'node:crypto';
import { startEmecefSimulator, startFneSimulator, type EmecefSimulator, type FneSimulator } from '@ismail/firmware-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { certifyOnce, memoryClearanceStore } from '../src/modules/invoicing/clearance/certify-once.js';
import type { ClearanceInvoice } from '../src/modules/invoicing/clearance/connector.js';
import { EmecefConnector, memoryEmecefJournal } from '../src/modules/invoicing/clearance/emecef.js';
import { FneConnector } from '../src/modules/invoicing/clearance/fne.js';

const toClose: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of toClose.splice(0).reverse()) await item.close();
});

describe('FNE connector without lookups, as the real platform', () => {
  const apiKey = 'fne-test-api-key-42';
  const ncc = '1234567A';
  const connectorFor = (baseUrl: string, timeoutMs = 2000) =>
    new FneConnector({
      baseUrl,
      apiKey,
      pointOfSale: 'Caisse 1',
      establishment: 'Boutique Adjoua',
      walkInClient: { name: 'Client comptoir', phone: '0700000000', email: 'comptoir@boutique-adjoua.ci' },
      timeoutMs,
    });
  async function simulator(port = 0, latencyMs = 0): Promise<FneSimulator> {
    const fne = await startFneSimulator({ apiKey, ncc, port, latencyMs });
    toClose.push(fne);
    return fne;
  }
  // 2 × 5900 F TTC at 18 %: HT 10 000, TVA 1 800.
  const sale = (): ClearanceInvoice => ({
    invoiceId: randomUUID(),
    kind: 'invoice',
    number: 'BA-2026-000051',
    issuedAt: '2026-03-01T10:00:00Z',
    seller: {
      taxId: ncc,
      legalName: 'Boutique Adjoua SARL',
      establishment: 'Boutique Adjoua',
      pointOfSale: 'Caisse 1',
    },
    buyer: { kind: 'B2C' },
    lines: [
      {
        label: 'Riz parfumé 5 kg',
        quantity: 2,
        unitPriceXof: 5900,
        taxGroup: 'CI-TVA-18',
        taxRateBp: 1800,
        discountXof: 0,
      },
    ],
    totals: { totalXof: 11_800, taxXof: 1_800, netXof: 10_000 },
    paymentMethod: 'cash',
  });
  const certificationsOf = (fne: FneSimulator, invoice: ClearanceInvoice) =>
    fne.certified().filter((c) => c.clientReference === invoice.invoiceId).length;

  it('"500 after certifying" stays uncertain for a person: never resent, even when asked again', async () => {
    const fne = await simulator();
    const connector = connectorFor(fne.baseUrl);
    const store = memoryClearanceStore();
    const invoice = sale();
    fne.failAfterCertifyNext(1);
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({
      status: 'uncertain',
      next: 'person',
      reason: expect.stringContaining('500'),
    });
    const again = await certifyOnce(connector, invoice, store);
    expect(again).toMatchObject({
      status: 'uncertain',
      next: 'person',
      reason: expect.stringContaining(`Réf. ${invoice.number} · ${invoice.invoiceId}`),
    });
    expect(certificationsOf(fne, invoice)).toBe(1);
    expect(fne.duplicateAttempts()).toBe(0);
  });

  it('a timeout may have certified: uncertain for a person', async () => {
    const fne = await simulator(0, 300);
    const invoice = sale();
    expect(await connectorFor(fne.baseUrl, 100).certify(invoice)).toMatchObject({
      status: 'uncertain',
      next: 'person',
      reason: expect.stringContaining('no answer within 100 ms'),
    });
  });

  it('a refused connection reached nobody: resent once the platform listens, and certified once', async () => {
    const probe = await simulator();
    const port = Number(new URL(probe.url).port);
    const baseUrl = probe.baseUrl;
    await probe.close();
    const connector = connectorFor(baseUrl);
    const store = memoryClearanceStore();
    const invoice = sale();
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({
      status: 'uncertain',
      next: 'resend',
      reason: expect.stringContaining('ECONNREFUSED'),
    });
    const fne = await simulator(port);
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({ status: 'certified' });
    expect(certificationsOf(fne, invoice)).toBe(1);
  });
});

describe('e-MECeF connector without lookups, as the real service', () => {
  const token = 'emecef-test-token-42';
  const ifu = '9999900000001';
  async function setup(): Promise<{ emecef: EmecefSimulator; connector: EmecefConnector }> {
    const emecef = await startEmecefSimulator({ token, ifu, nim: 'TS01005852' });
    toClose.push(emecef);
    return {
      emecef,
      connector: new EmecefConnector(
        { baseUrl: emecef.baseUrl, token, operatorName: 'Jacques', timeoutMs: 2000 },
        { journal: memoryEmecefJournal() },
      ),
    };
  }
  // 5900 F TTC in group B (18 %).
  const sale = (): ClearanceInvoice => ({
    invoiceId: randomUUID(),
    kind: 'invoice',
    number: 'CT-2026-000011',
    issuedAt: '2026-03-01T10:00:00Z',
    seller: { taxId: ifu, legalName: 'Boutique Cotonou SARL' },
    buyer: { kind: 'B2C', name: 'Client comptoir' },
    lines: [
      { label: 'Tissu kente', quantity: 1, unitPriceXof: 5900, taxGroup: 'BJ-B', taxRateBp: 1800, discountXof: 0 },
    ],
    totals: { totalXof: 5900, taxXof: 900, netXof: 5000 },
    paymentMethod: 'cash',
  });

  it('"500 after confirm": the request is finalised and only the portal can tell; a person decides', async () => {
    const { emecef, connector } = await setup();
    const store = memoryClearanceStore();
    const invoice = sale();
    emecef.failAfterConfirmNext(1);
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({
      status: 'uncertain',
      next: 'recover',
      reason: expect.stringContaining('500'),
    });
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({
      status: 'uncertain',
      next: 'person',
      reason: expect.stringContaining('e-MECeF portal'),
    });
    expect(emecef.invoices()).toHaveLength(1);
    expect(emecef.confirmed()).toHaveLength(1);
  });

  it('a submit whose answer was lost is found pending with the real API, cancelled, and certified once', async () => {
    const { emecef, connector } = await setup();
    const store = memoryClearanceStore();
    emecef.failAfterSubmitNext(1);
    const invoice = sale();
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({ status: 'uncertain', next: 'recover' });
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({ status: 'certified' });
    expect(emecef.invoices().map((i) => i.state)).toEqual(['cancelled', 'confirmed']);
  });
});
