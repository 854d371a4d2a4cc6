// Attack (issue 20.5): an invoice stored with another company as its seller. Three ways in:
// a client or partner drafting over HTTP with someone else's name and tax ID in the body;
// a partner's hub pushing a sale whose offline invoice names another company; an admin
// drafting without saying for whom. Each is refused with a stable code and leaves the
// invoices, the stock and the ledger as they were; the honest paths still work: a body with
// no seller (or the caller's own), and an admin drafting on a partner's behalf, which names
// that partner and is audited as acting for it.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeTotals, invoiceNumber, type HubOperation, type InvoiceDraft, type PushResponse } from '@ismail/shared';
import type { Database } from '../../src/platform/db/database.js';
import type { InvoiceRecord } from '../../src/modules/invoicing/invoices.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { testBackends } from '../support/databases.js';
import { moneyState } from '../support/money-state.js';
import { bearer, type Person, type Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';
import { pairTestHub, type TestHub } from '../support/test-hub.js';

const lines = [{ label: 'Garba', quantityMilli: 2000, unitPriceXof: 1_000, taxGroup: 'CI-TVA-18', discountXof: 0 }];
const victim = {
  legalName: 'Société Victime SA',
  taxId: '9999999Z',
  taxRegime: 'RNI',
  address: 'Plateau, Abidjan',
  country: 'CI',
};
function draft(seller?: Record<string, string>): Record<string, unknown> {
  return {
    kind: 'invoice',
    currency: 'XOF',
    priceMode: 'tax_included',
    ...(seller === undefined ? {} : { seller }),
    buyer: { kind: 'B2C' },
    lines,
    payments: [{ method: 'cash', amountXof: computeTotals({ lines, priceMode: 'tax_included' }).grossXof }],
  };
}

describe.each(testBackends)('attack: an invoice naming another seller, on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let hub: TestHub;
  let productId: string;
  let seq = 0;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
    await db.pool.query(
      "UPDATE accounts SET tax_id = '1234567A', tax_regime = 'RNI', display_name = 'Maquis Chez Tantie' WHERE id = $1",
      [people.partnerA.id],
    );
    await db.pool.query("UPDATE accounts SET tax_id = $2, tax_regime = 'RNI', display_name = $3 WHERE id = $1", [
      people.partnerB.id,
      victim.taxId,
      victim.legalName,
    ]);
    productId = (
      await app.shop.createProduct(people.partnerA.id, {
        name: 'Garba',
        category: 'plats',
        kind: 'physical',
        priceXof: 1_000,
        taxGroup: 'CI-TVA-9',
      })
    ).id;
    hub = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse 1');
  });
  afterAll(async () => {
    await cloud.close();
  });

  const call = (person: Person, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: bearer(people[person]), ...(payload === undefined ? {} : { payload }) });
  const invoiceCount = async (): Promise<number> =>
    Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM invoices')).rows[0]?.n);
  const namingVictim = async (): Promise<number> =>
    Number(
      (
        await db.pool.query<{ n: string }>(
          "SELECT count(*) AS n FROM invoices WHERE document->'seller'->>'taxId' = $1 AND issuer_account_id <> $2",
          [victim.taxId, people.partnerB.id],
        )
      ).rows[0]?.n,
    );
  const codeOf = (body: string): string => (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? '';

  it('refuses a draft whose body names another company as seller, and takes one without a seller as the caller', async () => {
    const before = await invoiceCount();
    const state = await moneyState(db);
    for (const person of ['clientA', 'partnerA'] as const) {
      const forged = await call(person, 'POST', '/v1/invoices', { document: draft(victim) });
      expect(forged.statusCode, forged.body).toBe(400);
      expect(codeOf(forged.body)).toBe('INVOICE_SELLER_NOT_YOURS');
      // Only the tax ID, or only the name, of someone else: refused too.
      // The caller's own identity as GET /v1/invoices/seller shows it (a client without a tax ID has it empty: left
      // out).
      const own = Object.fromEntries(
        Object.entries((await call(person, 'GET', '/v1/invoices/seller')).json<Record<string, string>>()).filter(
          ([, v]) => v !== '',
        ),
      );
      for (const seller of [
        { ...own, taxId: victim.taxId },
        { ...own, legalName: victim.legalName },
        { ...own, address: victim.address },
      ]) {
        const partly = await call(person, 'POST', '/v1/invoices', { document: draft(seller) });
        expect(codeOf(partly.body), partly.body).toBe('INVOICE_SELLER_NOT_YOURS');
      }
    }
    expect(await invoiceCount()).toBe(before);
    expect(await moneyState(db)).toEqual(state);

    // Honest clients keep working: no seller at all, or exactly the caller's own identity.
    const bare = await call('clientA', 'POST', '/v1/invoices', { document: draft() });
    expect(bare.statusCode, bare.body).toBe(201);
    expect(bare.json<InvoiceRecord>().document.seller).toMatchObject({ legalName: 'clientA', country: 'CI' });
    const own = (await call('partnerA', 'GET', '/v1/invoices/seller')).json<Record<string, string>>();
    const echoed = await call('partnerA', 'POST', '/v1/invoices', {
      document: draft({ ...own, establishment: 'Siège', pointOfSale: 'Caisse web' }),
    });
    expect(echoed.statusCode, echoed.body).toBe(201);
    const record = echoed.json<InvoiceRecord>();
    expect(record.document.seller).toMatchObject({
      legalName: 'Maquis Chez Tantie',
      taxId: '1234567A',
      establishment: 'Siège',
      pointOfSale: 'Caisse web',
    });

    // Changing the draft to name the victim: refused, the draft unchanged.
    const put = await call('partnerA', 'PUT', `/v1/invoices/${record.id}`, { document: draft(victim) });
    expect(codeOf(put.body), put.body).toBe('INVOICE_SELLER_NOT_YOURS');
    expect(
      (await call('partnerA', 'GET', `/v1/invoices/${record.id}`)).json<InvoiceRecord>().document.seller.taxId,
    ).toBe('1234567A');
    expect(await namingVictim()).toBe(0);
  });

  it("refuses a hub's offline invoice that names another company, and moves no stock", async () => {
    const register =
      (await db.pool.query<{ register: string }>('SELECT register FROM hubs WHERE id = $1', [hub.id])).rows[0]
        ?.register ?? '';
    const sale = (saleId: string, sequence: number, seller: Record<string, string>): HubOperation => {
      const issuedAt = new Date().toISOString();
      const saleLines = [
        {
          sku: productId,
          label: 'Garba',
          quantityMilli: 1000,
          unitPriceXof: 1_000,
          taxGroup: 'CI-TVA-9',
          discountXof: 0,
        },
      ];
      const document: InvoiceDraft = {
        kind: 'invoice',
        currency: 'XOF',
        priceMode: 'tax_included',
        seller: seller as InvoiceDraft['seller'],
        buyer: { kind: 'B2C' },
        lines: saleLines,
        payments: [{ method: 'cash', amountXof: 1_000 }],
      };
      return {
        id: randomUUID(),
        seq: ++seq,
        type: 'shop.sale',
        at: issuedAt,
        payload: {
          saleId,
          items: [{ productId, quantity: 1 }],
          invoice: {
            sequence,
            number: invoiceNumber('invoice', register, new Date(issuedAt).getUTCFullYear(), sequence),
            issuedAt,
            document,
          },
          payment: { method: 'cash' },
        },
      };
    };
    const push = async (operations: HubOperation[]) => {
      const response = await hub.inject(app, { method: 'POST', url: '/v1/hubs/sync/push', payload: { operations } });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<PushResponse>();
    };
    const stockBefore = await app.shop.stock(productId, `hub:${hub.id}`);
    const invoicesBefore = await invoiceCount();
    const state = await moneyState(db);
    const forged = await push([sale('T-ATTACK', 1, { ...victim, pointOfSale: 'Caisse 1' })]);
    expect(forged.outcomes[0]).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/^INVOICE_SELLER_NOT_YOURS/) as unknown,
    });
    expect(await app.shop.stock(productId, `hub:${hub.id}`)).toBe(stockBefore);
    expect(await invoiceCount()).toBe(invoicesBefore);
    expect(await namingVictim()).toBe(0);
    expect(await moneyState(db)).toEqual(state);

    // The seller the hub's signed policy gave it: applied.
    const policySeller = {
      legalName: 'Maquis Chez Tantie',
      taxId: '1234567A',
      taxRegime: 'RNI',
      address: 'CI',
      email: people.partnerA.email,
      country: 'CI',
      pointOfSale: 'Caisse 1',
    };
    const honest = await push([sale('T-0001', 1, policySeller)]);
    expect(honest.outcomes[0], JSON.stringify(honest.outcomes[0])).toMatchObject({ status: 'applied' });
    expect(await app.shop.stock(productId, `hub:${hub.id}`)).toBe(stockBefore - 1);
  });

  it('makes an admin say for whom it drafts: the partner is the seller and the audit names both', async () => {
    const before = await invoiceCount();
    const state = await moneyState(db);
    // Not on anyone's behalf, an admin has no seller identity to issue under.
    const bare = await call('admin', 'POST', '/v1/invoices', { document: draft() });
    expect(codeOf(bare.body), bare.body).toBe('INVOICE_SELLER_NOT_YOURS');
    // Nobody else may draft on another's behalf.
    const usurp = await call('partnerA', 'POST', '/v1/invoices', { onBehalfOf: people.partnerB.id, document: draft() });
    expect(usurp.statusCode, usurp.body).toBe(403);
    expect(await invoiceCount()).toBe(before);
    expect(await moneyState(db)).toEqual(state);

    const created = await call('admin', 'POST', '/v1/invoices', { onBehalfOf: people.partnerB.id, document: draft() });
    expect(created.statusCode, created.body).toBe(201);
    const record = created.json<InvoiceRecord>();
    expect(record.issuerAccountId).toBe(people.partnerB.id);
    expect(record.document.seller).toMatchObject({ legalName: victim.legalName, taxId: victim.taxId });
    const issued = (await call('admin', 'POST', `/v1/invoices/${record.id}/issue`)).json<InvoiceRecord>();
    expect(issued.status).toBe('issued');
    const audit = await db.pool.query<{ action: string; actor_account_id: string; detail: { onBehalfOf?: string } }>(
      "SELECT action, actor_account_id, detail FROM audit_log WHERE subject_type = 'invoice' AND subject_id = $1 ORDER BY seq",
      [record.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['invoice.drafted', 'invoice.issued']);
    for (const row of audit.rows)
      expect(row).toMatchObject({ actor_account_id: people.admin.id, detail: { onBehalfOf: people.partnerB.id } });
    // The partner sees it as its own.
    expect((await call('partnerB', 'GET', `/v1/invoices/${record.id}`)).statusCode).toBe(200);
    // Changing and deleting a partner's draft are audited as on its behalf too; its own changes are not.
    const other = (
      await call('admin', 'POST', '/v1/invoices', { onBehalfOf: people.partnerB.id, document: draft() })
    ).json<InvoiceRecord>();
    expect((await call('admin', 'PUT', `/v1/invoices/${other.id}`, { document: draft() })).statusCode).toBe(200);
    // The partner's own name and tax ID, echoed: the same seller, taken.
    expect(
      (
        await call('admin', 'PUT', `/v1/invoices/${other.id}`, {
          document: draft({ legalName: victim.legalName, taxId: victim.taxId }),
        })
      ).statusCode,
    ).toBe(200);
    expect((await call('partnerB', 'PUT', `/v1/invoices/${other.id}`, { document: draft() })).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'DELETE', url: `/v1/invoices/${other.id}`, headers: bearer(people.admin) }))
        .statusCode,
    ).toBe(204);
    const trail = await db.pool.query<{ action: string; actor_account_id: string; detail: { onBehalfOf?: string } }>(
      "SELECT action, actor_account_id, detail FROM audit_log WHERE subject_type = 'invoice' AND subject_id = $1 ORDER BY seq",
      [other.id],
    );
    expect(trail.rows.map((r) => [r.action, r.actor_account_id, r.detail.onBehalfOf])).toEqual([
      ['invoice.drafted', people.admin.id, people.partnerB.id],
      ['invoice.draft_changed', people.admin.id, people.partnerB.id],
      ['invoice.draft_changed', people.admin.id, people.partnerB.id],
      ['invoice.draft_deleted', people.admin.id, people.partnerB.id],
    ]);
    expect(await checkLedger(db)).toMatchObject({ ok: true });
  });
});
