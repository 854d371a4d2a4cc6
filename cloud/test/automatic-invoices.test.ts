// Proves automatic invoices (SPEC 3.7): every credit purchase (cash at a counter, mobile
// money) and every commission payout the ledger recorded becomes exactly one invoice, even
// when the feed is read again from the start (a crash before its cursor moved); a payout to
// a beneficiary without a tax ID, or a purchase while the operator's tax ID is not set, is
// held for correction with the problem named, never issued incomplete. The buyer is told
// when the invoice is issued and again when the tax authority certified it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import {
  AutomaticInvoicer,
  operatorAccountId,
  type AutomaticInvoiceOptions,
} from '../src/modules/invoicing/automatic.js';
import { invoiceClearanceStore } from '../src/modules/invoicing/clearance-service.js';
import { toRecord, type InvoiceRecord } from '../src/modules/invoicing/invoices.js';
import { NotificationFeeder } from '../src/modules/notifications/feeder.js';
import { NotificationService } from '../src/modules/notifications/service.js';
import { payoutCommissions } from '../src/modules/wallet/commission-runs.js';
import { testBackends } from './support/databases.js';
import { as, cashHub, salesTree, walletStack, type WalletStack } from './support/wallet-fixtures.js';

const options: AutomaticInvoiceOptions = {
  operator: {
    legalName: 'ISMAIL SAS',
    taxId: '2600001A',
    taxRegime: 'RNI',
    address: 'Plateau, Abidjan',
    rccm: 'CI-ABJ-2026-B-00001',
    country: 'CI',
  },
  creditSaleTaxGroup: 'CI-EXO-LEG',
};

describe.each(testBackends)('automatic invoices on $name', (backend) => {
  let db: Database;
  let wallet: WalletStack;
  let clock = new Date('2026-10-10T09:00:00Z');
  let tree: { chief: string; rep: string; partner: string };
  let notifications: NotificationService;
  let feeder: NotificationFeeder;

  const invoicesOf = async (source: string): Promise<(InvoiceRecord & { sourceRef: string })[]> => {
    const { rows } = await db.pool.query('SELECT * FROM invoices WHERE source = $1 ORDER BY created_at', [source]);
    return rows.map((r: Parameters<typeof toRecord>[0] & { source_ref: string }) => ({
      ...toRecord(r),
      sourceRef: r.source_ref,
    }));
  };

  beforeAll(async () => {
    db = await backend.open();
    wallet = await walletStack(db, {}, () => clock);
    tree = await salesTree(db);
    notifications = new NotificationService(db, {
      channels: {},
      publicUrl: 'http://127.0.0.1',
      linkKey: randomBytes(32),
    });
    feeder = new NotificationFeeder(db, notifications);
    await feeder.tick(); // a new installation's feed starts from now
    await db.pool.query(
      "UPDATE accounts SET tax_id = '1234567A', tax_regime = 'TEE', first_name = 'Kouassi', last_name = 'Yao' WHERE id = $1",
      [tree.rep],
    );
  });
  afterAll(async () => {
    await db.close();
  });

  it('invoices each credit purchase once, from the operator, with no VAT at purchase', async () => {
    const cash = await wallet.ops.buyCreditsWithCash(as(tree.partner), {
      accountId: tree.partner,
      hubId: await cashHub(db),
      amountXof: 12_500,
    });
    const wave = await wallet.ops.grantMobileMoney(
      { provider: 'wave', providerRef: 'T_ABC123', accountId: tree.partner, amountXof: 5_000, centiCredits: 10_000 },
      undefined,
    );
    const invoicer = new AutomaticInvoicer(db, options);
    expect(await invoicer.tick()).toBe(2);
    const invoices = await invoicesOf('credit_purchase');
    expect(invoices.map((i) => i.sourceRef)).toEqual([cash.result.operationId, wave.result.operationId]);
    for (const invoice of invoices) {
      expect(invoice).toMatchObject({ status: 'issued', issuerAccountId: operatorAccountId, register: 'cloud' });
      expect(invoice.document.seller).toMatchObject({ legalName: 'ISMAIL SAS', taxId: '2600001A' });
      expect(invoice.document.buyer.name).toBe('partner Test');
      expect(invoice.totals?.taxXof).toBe(0);
    }
    expect(invoices.map((i) => i.totals?.grossXof)).toEqual([12_500, 5_000]);
    expect(invoices.map((i) => i.document.payments[0]?.method)).toEqual(['cash', 'mobile_money']);
    expect(invoices[0]?.document.lines[0]?.label).toBe("Crédits ISMAIL : 250 crédits (TVA perçue à l'utilisation)");
    expect(invoices.map((i) => i.number)).toEqual(['F-CLOUD-2026-000001', 'F-CLOUD-2026-000002']);

    // Read again, and again from the very start (a crash before the cursor moved): nothing new.
    expect(await invoicer.tick()).toBe(0);
    await db.pool.query("UPDATE invoice_feed_cursors SET position = 0 WHERE feed = 'ledger'");
    expect(await new AutomaticInvoicer(db, options).tick()).toBe(0);
    expect(await invoicesOf('credit_purchase')).toHaveLength(2);
  });

  it('holds a purchase invoice while the operator has no tax ID, naming the problem', async () => {
    const op = await wallet.ops.buyCreditsWithCash(as(tree.partner), {
      accountId: tree.partner,
      hubId: await cashHub(db),
      amountXof: 1_000,
    });
    const invoicer = new AutomaticInvoicer(db, { ...options, operator: { ...options.operator, taxId: undefined } });
    expect(await invoicer.tick()).toBe(1);
    const held = (await invoicesOf('credit_purchase')).find((i) => i.sourceRef === op.result.operationId);
    expect(held).toMatchObject({ status: 'held', number: null });
    expect(held?.problems).toContainEqual({ path: '/seller/taxId', problem: 'not a valid CI tax ID' });
  });

  it('makes a self-billed invoice for each commission payout, held when the beneficiary has no tax ID', async () => {
    await wallet.ops.buyCreditsWithCash(as(tree.partner), {
      accountId: tree.partner,
      hubId: await cashHub(db),
      amountXof: 100_000,
    });
    for (let i = 0; i < 2; i++)
      await wallet.ops.consume(as(tree.partner), {
        accountId: tree.partner,
        tariffCode: 'service_purchase',
        units: 20,
        unitPriceCredits: 50,
      });
    clock = new Date('2026-11-02T08:00:00Z');
    const paid = await payoutCommissions(db, wallet.ledger, '2026-10', clock);
    expect(paid.map((l) => l.beneficiaryId).sort()).toEqual([tree.chief, tree.rep].sort());
    // The purchase that paid for the consumption, and the two payouts.
    expect(await new AutomaticInvoicer(db, options).tick()).toBe(3);
    const invoices = await invoicesOf('commission_payout');
    expect(invoices).toHaveLength(2);
    const rep = invoices.find((i) => i.issuerAccountId === tree.rep);
    expect(rep).toMatchObject({
      status: 'issued',
      register: 'autofact',
      number: 'F-AUTOFACT-2026-000001',
      clearanceStatus: 'not_required',
    });
    expect(rep?.document.seller).toMatchObject({ legalName: 'Kouassi Yao', taxId: '1234567A', taxRegime: 'TEE' });
    expect(rep?.document.buyer).toMatchObject({ kind: 'B2B', name: 'ISMAIL SAS', taxId: '2600001A' });
    // 80 credits of commission at 50 FCFA a credit; a TEE beneficiary charges no VAT.
    expect(rep?.totals).toMatchObject({ grossXof: 4_000, taxXof: 0 });
    expect(rep?.document.lines[0]?.label).toBe('Commissions de vente ISMAIL, période 2026-10 (autofacturation)');
    const chief = invoices.find((i) => i.issuerAccountId === tree.chief);
    expect(chief).toMatchObject({ status: 'held', number: null });
    expect(chief?.problems?.map((p) => p.path)).toContain('/seller/taxId');
    // A second payout run pays nothing more, so no invoice more.
    await payoutCommissions(db, wallet.ledger, '2026-10', clock);
    expect(await new AutomaticInvoicer(db, options).tick()).toBe(0);
  });

  it('tells the buyer when a credit-purchase invoice is issued, and again once the tax authority certified it', async () => {
    await feeder.tick();
    const first = (await invoicesOf('credit_purchase'))[0];
    if (first?.number == null) throw new Error('no issued purchase invoice');
    const told = async (type: string) =>
      (
        await db.pool.query<{ data: { invoiceNumber: string; verificationUrl?: string } }>(
          'SELECT data FROM notifications WHERE recipient_id = $1 AND event_type = $2',
          [tree.partner, type],
        )
      ).rows.map((r) => r.data);
    expect((await told('invoice.issued')).map((d) => d.invoiceNumber)).toContain(first.number);
    // Held drafts have no number and tell no one.
    expect(await told('invoice.issued')).toHaveLength(3);
    const qr = 'https://www.services.fne.dgi.gouv.ci/fr/verification/0194';
    await invoiceClearanceStore(db, 'fne').put(first.id, {
      status: 'certified',
      authorityReference: '9606123E25000000019',
      qrData: qr,
      certifiedAt: new Date().toISOString(),
      raw: null,
    });
    // A second answer for the same invoice changes nothing and is not announced twice.
    await invoiceClearanceStore(db, 'fne').put(first.id, {
      status: 'certified',
      authorityReference: 'OTHER',
      qrData: qr,
      certifiedAt: new Date().toISOString(),
      raw: null,
    });
    await feeder.tick();
    expect(await told('invoice.certified')).toEqual([
      { firstName: 'partner', invoiceNumber: first.number, verificationUrl: qr },
    ]);
    const audit = await db.pool.query(
      "SELECT detail FROM audit_log WHERE action = 'invoice.certified' AND subject_id = $1",
      [first.id],
    );
    expect(audit.rows).toEqual([
      { detail: { number: first.number, authority: 'fne', authorityReference: '9606123E25000000019' } },
    ]);
  });
});
