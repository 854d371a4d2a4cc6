// Proves the Shop (SPEC 3.13) on the real ledger: an order paid from the wallet, once the
// merchant confirms, gives the invoice, the platform commission at the Shop rate and the
// rep's sales commission, and the ledger check passes; online stock never goes negative,
// even with buyers racing for the last units; a hub's offline sale that takes stock below
// zero is accepted and flagged; only buyers review; cancelling refunds with a credit note
// and puts the stock back; unconfirmed orders expire the same way; search pages are stable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopService, type Product } from '../src/modules/shop/shop.js';
import type { Database } from '../src/platform/db/database.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { toRecord } from '../src/modules/invoicing/invoices.js';
import { walletBalance } from '../src/modules/wallet/history.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { testBackends } from './support/databases.js';
import { as, cashHub, insertAccount, salesTree, walletStack, type WalletStack } from './support/wallet-fixtures.js';

describe.each(testBackends)('shop on $name', (backend) => {
  let db: Database;
  let wallet: WalletStack;
  let shop: ShopService;
  let clock = new Date('2026-12-01T09:00:00Z');
  let tree: { chief: string; rep: string; partner: string };
  let pagne: Product;
  let savon: Product;
  const buyers: string[] = [];
  const available = async (id: string) => (await walletBalance(db, id)).availableCentiCredits;

  beforeAll(async () => {
    db = await backend.open();
    wallet = await walletStack(db, {}, () => clock);
    shop = new ShopService(db, wallet.ops, () => clock);
    tree = await salesTree(db);
    await db.pool.query(
      "UPDATE accounts SET tax_id = '1234567A', tax_regime = 'RSI', display_name = 'Boutique Awa' WHERE id = $1",
      [tree.partner],
    );
    pagne = await shop.createProduct(tree.partner, {
      name: 'Pagne wax 6 yards',
      category: 'textile',
      kind: 'physical',
      priceXof: 12_500,
      taxGroup: 'CI-TVA-18',
      barcode: '6111234567895',
    });
    savon = await shop.createProduct(tree.partner, {
      name: 'Savon noir artisanal',
      category: 'beaute',
      kind: 'physical',
      priceXof: 1_500,
      taxGroup: 'CI-TVA-18',
    });
    await shop.adjustStock(tree.partner, { productId: pagne.id, delta: 10, reason: 'count' });
    await shop.adjustStock(tree.partner, { productId: savon.id, delta: 3, reason: 'count' });
    for (let i = 0; i < 4; i++) {
      const buyer = await insertAccount(db, 'client');
      await wallet.ops.buyCreditsWithCash(as(buyer), {
        accountId: buyer,
        hubId: await cashHub(db),
        amountXof: 100_000,
      });
      buyers.push(buyer);
    }
  });
  afterAll(async () => {
    await db.close();
  });

  it('confirms a wallet-paid order with the invoice, the Shop commission and the sales commission; the ledger balances', async () => {
    const [buyer] = buyers;
    if (buyer === undefined) throw new Error('no buyer');
    const before = { buyer: await available(buyer), partner: await available(tree.partner) };
    const order = await shop.checkout(buyer, {
      items: [
        { productId: pagne.id, quantity: 2 },
        { productId: savon.id, quantity: 1 },
      ],
      delivery: 'pickup',
      idempotencyKey: 'cart-1',
    });
    expect(order).toMatchObject({ status: 'pending', totalXof: 26_500, totalCentiCredits: 53_000 });
    expect(
      await shop.checkout(buyer, {
        items: [{ productId: pagne.id, quantity: 2 }],
        delivery: 'pickup',
        idempotencyKey: 'cart-1',
      }),
    ).toMatchObject({ id: order.id });
    expect(await available(buyer)).toBe(before.buyer - 53_000);
    expect(await shop.stock(pagne.id)).toBe(8);
    const confirmed = await shop.confirm(order.id, tree.partner);
    expect(confirmed.status).toBe('confirmed');
    // 6% Shop commission on 53 000 centi-credits: 3 180, paid by the partner.
    expect((await available(tree.partner)) - before.partner).toBe(53_000 - 3_180);
    const repAccrual = await db.pool.query<{ amount: string }>(
      "SELECT amount FROM commission_accruals WHERE beneficiary_id = $1 AND module = 'shop'",
      [tree.rep],
    );
    expect(repAccrual.rows).toHaveLength(1);
    expect(Number(repAccrual.rows[0]?.amount)).toBe(Math.floor((3_180 * 400) / 10_000));
    const invoice = toRecord(
      (await db.pool.query('SELECT * FROM invoices WHERE id = $1', [confirmed.invoiceId])).rows[0] as Parameters<
        typeof toRecord
      >[0],
    );
    expect(invoice).toMatchObject({ status: 'issued', issuerAccountId: tree.partner });
    expect(invoice.totals?.grossXof).toBe(26_500);
    expect(invoice.document.payments).toEqual([{ method: 'wallet', amountXof: 26_500 }]);
    await shop.advance(order.id, tree.partner, 'shipped', 'COLIS-ABJ-0042');
    const delivered = await shop.advance(order.id, tree.partner, 'delivered');
    expect(delivered.history.map((h) => h.status)).toEqual(['pending', 'confirmed', 'shipped', 'delivered']);
    await expect(shop.cancel(order.id, buyer)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await checkLedger(db)).ok).toBe(true);
  });

  it('never takes online stock below zero, even with buyers racing for the last units', async () => {
    expect(await shop.stock(savon.id)).toBe(2);
    const outcomes = await Promise.allSettled(
      buyers.slice(1).map((b, i) =>
        shop.checkout(b, {
          items: [{ productId: savon.id, quantity: 2 }],
          delivery: 'courier',
          idempotencyKey: `race-${String(i)}`,
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes)
      if (o.status === 'rejected') expect((o.reason as { code?: string }).code).toBe('CONFLICT');
    expect(await shop.stock(savon.id)).toBe(0);
    const held = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM ledger_transfers WHERE phase = 'pending' AND leg = 'hold' AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = ledger_transfers.id)",
    );
    expect(held.rows[0]?.n).toBe(1);
  });

  it('accepts a hub sale that takes stock below zero, once, and flags it for the merchant', async () => {
    await shop.adjustStock(tree.partner, { productId: pagne.id, place: 'hub:cocody-1', delta: 1, reason: 'transfer' });
    const sale = { hubPlace: 'hub:cocody-1', saleId: 'V-000123', items: [{ productId: pagne.id, quantity: 3 }] };
    const record = () => withTransaction(db.pool, (client) => shop.recordHubSale(client, tree.partner, sale));
    expect(await record()).toEqual({ flagged: [{ productId: pagne.id, quantity: -2 }], unknown: [] });
    expect(await record()).toEqual({ flagged: [], unknown: [] });
    // Another partner's product moves no stock of theirs: reported, the sale still stands.
    const stranger = await withTransaction(db.pool, (client) =>
      shop.recordHubSale(client, tree.partner, {
        hubPlace: 'hub:cocody-1',
        saleId: 'V-000124',
        items: [{ productId: '00000000-0000-4000-8000-00000000abcd', quantity: 1 }],
      }),
    );
    expect(stranger).toEqual({ flagged: [], unknown: ['00000000-0000-4000-8000-00000000abcd'] });
    expect(await shop.stock(pagne.id, 'hub:cocody-1')).toBe(-2);
    expect(await shop.stockFlags(tree.partner)).toEqual([
      {
        productId: pagne.id,
        place: 'hub:cocody-1',
        quantity: -2,
        reason: 'offline sale V-000123 took stock below zero',
      },
    ]);
    await expect(
      shop.adjustStock(tree.partner, { productId: pagne.id, delta: -100, reason: 'adjustment' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('takes reviews from buyers of the product only, once each', async () => {
    const [buyer, stranger] = [buyers[0] ?? '', buyers[3] ?? ''];
    await expect(shop.review(stranger, pagne.id, { rating: 1, comment: 'jamais acheté' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await shop.review(buyer, pagne.id, { rating: 5, comment: 'Très beau pagne' })).toHaveProperty('id');
    await expect(shop.review(buyer, pagne.id, { rating: 4 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(shop.review(buyer, pagne.id, { rating: 6 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refunds a cancelled confirmed order with a credit note, expires an unconfirmed one, and puts the stock back', async () => {
    const buyer = buyers[3] ?? '';
    const start = await available(buyer);
    const stock = await shop.stock(pagne.id);
    const order = await shop.confirm(
      (
        await shop.checkout(buyer, {
          items: [{ productId: pagne.id, quantity: 1 }],
          delivery: 'own_delivery',
          idempotencyKey: 'to-cancel',
        })
      ).id,
      tree.partner,
    );
    const cancelled = await shop.cancel(order.id, buyer);
    expect(cancelled.status).toBe('cancelled');
    expect(await available(buyer)).toBe(start);
    expect(await shop.stock(pagne.id)).toBe(stock);
    const note = toRecord(
      (await db.pool.query('SELECT * FROM invoices WHERE id = $1', [cancelled.creditNoteId])).rows[0] as Parameters<
        typeof toRecord
      >[0],
    );
    expect(note).toMatchObject({ kind: 'credit_note', originalInvoiceId: order.invoiceId });
    expect(note.totals?.grossXof).toBe(12_500);

    const pending = await shop.checkout(buyer, {
      items: [{ productId: pagne.id, quantity: 2 }],
      delivery: 'pickup',
      idempotencyKey: 'forgotten',
    });
    expect(await shop.stock(pagne.id)).toBe(stock - 2);
    clock = new Date(clock.getTime() + 25 * 3_600_000);
    expect(await shop.expirePending()).toBeGreaterThanOrEqual(1);
    expect((await shop.order(pending.id)).status).toBe('cancelled');
    expect(await shop.stock(pagne.id)).toBe(stock);
    expect(await available(buyer)).toBe(start);
    expect((await checkLedger(db)).ok).toBe(true);
  });

  it('searches by text, category and price with stable keyset pages', async () => {
    for (let i = 0; i < 5; i++)
      await shop.createProduct(tree.partner, {
        name: `Bissap ${String(i)}`,
        category: 'boisson',
        kind: 'physical',
        priceXof: 500,
        taxGroup: 'CI-TVA-9',
      });
    const first = await shop.search({ category: 'boisson', limit: 2 });
    const second = await shop.search({ category: 'boisson', limit: 2, after: first.next ?? undefined });
    const third = await shop.search({ category: 'boisson', limit: 2, after: second.next ?? undefined });
    const ids = [...first.products, ...second.products, ...third.products].map((p) => p.id);
    expect(new Set(ids).size).toBe(5);
    expect(third.next).toBeNull();
    expect((await shop.search({ text: 'pagne' })).products.map((p) => p.id)).toEqual([pagne.id]);
    expect((await shop.search({ maxPriceXof: 1_500, minPriceXof: 1_000 })).products.map((p) => p.id)).toEqual([
      savon.id,
    ]);
  });

  it('charges each partner its monthly listing fee once, and retries one without credits', async () => {
    const poor = await insertAccount(db, 'partner');
    await shop.createProduct(poor, {
      name: 'Sac en raphia',
      category: 'artisanat',
      kind: 'physical',
      priceXof: 4_000,
      taxGroup: 'CI-TVA-18',
    });
    const active =
      (
        await db.pool.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM shop_products WHERE partner_id = $1 AND active',
          [tree.partner],
        )
      ).rows[0]?.n ?? 0;
    const before = await available(tree.partner);
    const first = await shop.chargeListingFees('2026-12');
    expect(first).toEqual({ charged: 1, unpaid: [poor] });
    // 2 credits a product a month.
    expect(before - (await available(tree.partner))).toBe(active * 2 * 100);
    expect(await shop.chargeListingFees('2026-12')).toEqual({ charged: 0, unpaid: [poor] });
    await wallet.ops.buyCreditsWithCash(as(poor), { accountId: poor, hubId: await cashHub(db), amountXof: 1_000 });
    expect(await shop.chargeListingFees('2026-12')).toEqual({ charged: 1, unpaid: [] });
    expect((await checkLedger(db)).ok).toBe(true);
  });
});
