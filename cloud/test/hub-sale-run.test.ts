/**
 * A hub's run of cash sales applied set-based (issue 28.2), through the real push route on
 * PGlite and on the PostgreSQL server: a refused sale in the middle (a gap, a hash mismatch, a
 * register not the hub's) is refused alone and in its place, the others applied with gapless
 * numbers; another partner's product is named back, its stock untouched; a replayed run is all
 * duplicates; a run whose outcomes were lost after its effects replays through the per-sale path
 * without a second stock move; terminal sub-registers keep their own series inside one run; a
 * failure at commit leaves nothing, and the same push then applies once. The audit chain verifies
 * after each, and a run of 60 sales costs a bounded number of statements, not ~15 a sale.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceNumber, type HubOperation } from '@ismail/shared';
import { verifyAuditChain } from '../src/platform/audit/audit-log.js';
import { testBackends } from './support/databases.js';
import { openCounter, type Counter } from './support/hub-sales.js';

const cash = { method: 'cash' };
const testTimeoutMs = 120_000;

describe.each(testBackends)('a run of hub cash sales, set-based, on $name', (backend) => {
  let counter: Counter;
  const year = new Date().getUTCFullYear();
  const stock = () => counter.app.shop.stock(counter.productId, `hub:${counter.hub.id}`);
  const count = async (sql: string, values: unknown[] = []): Promise<number> =>
    Number((await counter.db.pool.query<{ n: string }>(sql, values)).rows[0]?.n ?? 0);
  const movesOf = (saleId: string) =>
    count("SELECT count(*) AS n FROM shop_stock_movements WHERE reason = 'hub_sale' AND reference LIKE $1", [
      `${saleId}:%`,
    ]);
  /** A sale numbered in a register of the hub's choosing (its own, or a terminal's `<register>-T<n>`). */
  const saleIn = (register: string | undefined, sequence: number, quantity = 1): HubOperation => {
    const op = counter.sale({ quantity, payment: cash, sequence });
    const payload = op.payload as { invoice: Record<string, unknown> };
    if (register === undefined) return op;
    return {
      ...op,
      payload: {
        ...payload,
        invoice: {
          ...payload.invoice,
          register,
          number: invoiceNumber('invoice', register, year, sequence),
        },
      },
    };
  };
  const expectChainIntact = async () => {
    const chain = await verifyAuditChain(counter.db.pool);
    expect(chain.ok, JSON.stringify(chain)).toBe(true);
  };

  beforeAll(async () => {
    counter = await openCounter(backend);
    // Migrating and seeding a fresh cloud is slow on a loaded machine; the tests themselves are not timed.
  }, 240_000);
  afterAll(async () => {
    await counter.close();
  }, testTimeoutMs);

  it(
    'refuses a gap, a hash mismatch and a foreign register alone, in their place, and applies the rest gapless',
    async () => {
      const before = await stock();
      // Another partner's product sold at this counter: named back as unknown, its stock untouched.
      const otherProduct = await counter.app.shop.createProduct(counter.people.partnerB.id, {
        name: 'Attiéké',
        category: 'plats',
        kind: 'physical',
        priceXof: 1_000,
        taxGroup: 'CI-TVA-9',
      });
      const n = counter.nextNumber('invoice');
      // Made in the hub's order (each takes the next operation sequence).
      const run = [counter.sale({ quantity: 1, payment: cash, sequence: n })];
      run.push(counter.sale({ quantity: 1, payment: cash, sequence: n + 7 }));
      const forged = counter.sale({ quantity: 1, payment: cash, sequence: n + 1 });
      (forged.payload as { invoice: Record<string, unknown> }).invoice.contentHash = 'f'.repeat(64);
      run.push(forged);
      run.push(saleIn('HZZZZZZZZ-T1', 1));
      // The hash mismatch took no number: this sale takes it.
      const foreign = counter.sale({ quantity: 2, payment: cash, sequence: n + 1 });
      (foreign.payload as { items: { productId: string; quantity: number }[] }).items.push({
        productId: otherProduct.id,
        quantity: 4,
      });
      run.push(foreign);
      run.push(counter.sale({ quantity: 3, payment: cash, sequence: n + 2 }));
      const answer = await counter.push(run);
      expect(answer.outcomes.map((o) => [o.status, o.code ?? null])).toEqual([
        ['applied', null],
        ['rejected', 'CONFLICT'],
        ['rejected', 'INVOICE_HASH_MISMATCH'],
        ['rejected', 'VALIDATION_FAILED'],
        ['applied', null],
        ['applied', null],
      ]);
      expect(answer.outcomes[1]?.reason).toMatch(`expected number ${String(n + 1)}, the hub sent ${String(n + 7)}`);
      expect(answer.outcomes[4]).toMatchObject({
        result: {
          invoiceNumber: invoiceNumber('invoice', counter.register, year, n + 1),
          unknown: [otherProduct.id],
          flagged: expect.any(Array) as unknown,
        },
      });
      expect(answer.outcomes[5]).toMatchObject({
        result: { invoiceNumber: invoiceNumber('invoice', counter.register, year, n + 2) },
      });
      expect(answer.expectedSeq).toBe((run.at(-1)?.seq ?? 0) + 1);
      // Only the applied sales moved stock (1 + 2 + 3 garbas); the other partner's product did not move.
      expect(await stock()).toBe(before - 6);
      expect(await counter.app.shop.stock(otherProduct.id, `hub:${counter.hub.id}`)).toBe(0);
      const numbers = await counter.db.pool.query<{ sequence: string }>(
        "SELECT sequence FROM invoices WHERE issuer_account_id = $1 AND source = 'hub_sale' AND register = $2 ORDER BY sequence",
        [counter.people.partnerA.id, counter.register],
      );
      expect(numbers.rows.map((r) => Number(r.sequence))).toEqual(
        Array.from({ length: numbers.rows.length }, (_, i) => i + 1),
      );
      await expectChainIntact();
    },
    testTimeoutMs,
  );

  it(
    'answers a replayed run with duplicates and moves no stock twice; a run whose outcomes were lost applies once',
    async () => {
      const n = counter.nextNumber('invoice');
      const run = Array.from({ length: 5 }, (_, i) => counter.sale({ quantity: 1, payment: cash, sequence: n + i }));
      const first = await counter.push(run);
      expect(first.outcomes.map((o) => o.status)).toEqual(Array(5).fill('applied'));
      const afterFirst = await stock();
      const invoices = await count('SELECT count(*) AS n FROM invoices');
      const again = await counter.push(run);
      expect(again.outcomes.map((o) => o.status)).toEqual(Array(5).fill('duplicate'));
      expect(again.outcomes.map((o) => o.result)).toEqual(first.outcomes.map((o) => o.result));
      expect(await stock()).toBe(afterFirst);
      expect(await count('SELECT count(*) AS n FROM invoices')).toBe(invoices);

      // Effects committed, outcomes gone (as if recorded elsewhere and lost): the run goes again sale by sale, each
      // finding its invoice and its stock move, and is answered with the same numbers.
      const lost = Array.from({ length: 3 }, (_, i) =>
        counter.sale({ quantity: 2, payment: cash, sequence: n + 5 + i }),
      );
      expect((await counter.push(lost)).outcomes.map((o) => o.status)).toEqual(Array(3).fill('applied'));
      const afterLost = await stock();
      await counter.db.pool.query('DELETE FROM hub_operations WHERE hub_id = $1 AND seq = ANY($2::bigint[])', [
        counter.hub.id,
        lost.map((op) => op.seq),
      ]);
      await counter.db.pool.query('UPDATE hubs SET last_applied_seq = $2 WHERE id = $1', [
        counter.hub.id,
        (lost[0]?.seq ?? 1) - 1,
      ]);
      const replayed = await counter.push(lost);
      expect(replayed.outcomes.map((o) => o.status)).toEqual(Array(3).fill('applied'));
      expect(replayed.outcomes.map((o) => (o.result as { invoiceNumber: string }).invoiceNumber)).toEqual(
        lost.map((_, i) => invoiceNumber('invoice', counter.register, year, n + 5 + i)),
      );
      expect(await stock()).toBe(afterLost);
      for (const op of lost) expect(await movesOf((op.payload as { saleId: string }).saleId)).toBe(1);

      // The same sale in two operations of one run: the second finds the first's invoice and stock move.
      const once = counter.sale({ quantity: 1, payment: cash, sequence: counter.nextNumber('invoice') });
      const twice: HubOperation = { ...once, id: randomUUID(), seq: counter.nextSeq() };
      const beforeTwice = await stock();
      const both = await counter.push([once, twice]);
      expect(both.outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
      const number = (once.payload as { invoice: { number: string } }).invoice.number;
      expect(both.outcomes.map((o) => (o.result as { invoiceNumber: string }).invoiceNumber)).toEqual([number, number]);
      expect(await stock()).toBe(beforeTwice - 1);
      await expectChainIntact();
    },
    testTimeoutMs,
  );

  it(
    "keeps each terminal's sub-register gapless inside one run, a gap in one refused alone",
    async () => {
      const t1 = `${counter.register}-T1`;
      const t2 = `${counter.register}-T2`;
      const n = counter.nextNumber('invoice');
      const run = [
        saleIn(t1, 1),
        saleIn(t2, 1),
        counter.sale({ quantity: 1, payment: cash, sequence: n }),
        saleIn(t1, 2),
        saleIn(t2, 3),
        saleIn(t2, 2),
        saleIn(t1, 3),
      ];
      const answer = await counter.push(run);
      expect(answer.outcomes.map((o) => o.status)).toEqual([
        'applied',
        'applied',
        'applied',
        'applied',
        'rejected',
        'applied',
        'applied',
      ]);
      expect(answer.outcomes[4]?.reason).toMatch(`register ${t2} ${String(year)}: expected number 2, the hub sent 3`);
      const series = await counter.db.pool.query<{ register: string; last_number: string }>(
        'SELECT register, last_number FROM invoice_series WHERE issuer_account_id = $1 AND register = ANY($2::text[]) ORDER BY register',
        [counter.people.partnerA.id, [t1, t2]],
      );
      expect(series.rows.map((r) => [r.register, Number(r.last_number)])).toEqual([
        [t1, 3],
        [t2, 2],
      ]);
      await expectChainIntact();
    },
    testTimeoutMs,
  );

  it(
    'leaves nothing when the run fails at commit, and applies the same push once afterwards',
    async () => {
      const pool = counter.db.pool;
      await pool.query(`CREATE FUNCTION test_fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the machine stopped before the commit'; END $$;
      CREATE CONSTRAINT TRIGGER test_fail_commit AFTER INSERT ON hub_operations DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION test_fail_commit();`);
      const n = counter.nextNumber('invoice');
      const run = Array.from({ length: 4 }, (_, i) => counter.sale({ quantity: 1, payment: cash, sequence: n + i }));
      const before = {
        stock: await stock(),
        invoices: await count('SELECT count(*) AS n FROM invoices'),
        audit: await count('SELECT count(*) AS n FROM audit_log'),
        seq: await count('SELECT last_applied_seq AS n FROM hubs WHERE id = $1', [counter.hub.id]),
      };
      const failed = await counter.hub.inject(counter.app, {
        method: 'POST',
        url: '/v1/hubs/sync/push',
        payload: { operations: run },
        headers: { 'x-hub-time': new Date().toISOString() },
      });
      expect(failed.statusCode).toBeGreaterThanOrEqual(500);
      expect({
        stock: await stock(),
        invoices: await count('SELECT count(*) AS n FROM invoices'),
        audit: await count('SELECT count(*) AS n FROM audit_log'),
        seq: await count('SELECT last_applied_seq AS n FROM hubs WHERE id = $1', [counter.hub.id]),
      }).toEqual(before);
      await pool.query('DROP TRIGGER test_fail_commit ON hub_operations; DROP FUNCTION test_fail_commit();');
      const answer = await counter.push(run);
      expect(answer.outcomes.map((o) => o.status)).toEqual(Array(4).fill('applied'));
      expect(await stock()).toBe(before.stock - 4);
      for (const op of run) expect(await movesOf((op.payload as { saleId: string }).saleId)).toBe(1);
      await expectChainIntact();
    },
    testTimeoutMs,
  );

  it(
    'writes a run of 60 sales in a bounded number of statements, with its low-stock alert and flags',
    async () => {
      // Stock above the low threshold (3), so the run takes it through the threshold and below zero.
      await counter.db.pool.query(
        'UPDATE shop_stock SET quantity = 10, low_threshold = 3 WHERE product_id = $1 AND place = $2',
        [counter.productId, `hub:${counter.hub.id}`],
      );
      const n = counter.nextNumber('invoice');
      const run = Array.from({ length: 60 }, (_, i) => counter.sale({ quantity: 1, payment: cash, sequence: n + i }));
      const statements = countStatements();
      const alerts = await count("SELECT count(*) AS n FROM audit_log WHERE action = 'shop.stock_low'");
      const shapeRows = () =>
        count("SELECT count(*) AS n FROM shape_changes WHERE tbl = 'hub_invoice_clearances' AND hub_id = $1", [
          counter.hub.id,
        ]);
      const shapeBefore = await shapeRows();
      const answer = await counter.push(run);
      const used = statements.stop();
      expect(answer.outcomes.map((o) => o.status)).toEqual(Array(60).fill('applied'));
      // BEGIN, COMMIT, a handful of writes and the push's own reads: far from 15 a sale.
      expect(used).toBeLessThan(40);
      expect(await stock()).toBe(-50);
      // Each invoice reaches the hub's clearance feed (the invoices' row trigger), as one inserted alone does.
      expect(await shapeRows()).toBe(shapeBefore + 60);
      expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'shop.stock_low'")).toBe(alerts + 1);
      // Each sale below zero is flagged with the level it left, in order.
      const flags = await counter.db.pool.query<{ quantity: number }>(
        'SELECT quantity FROM shop_stock_flags WHERE product_id = $1 ORDER BY id DESC LIMIT 50',
        [counter.productId],
      );
      expect(flags.rows.map((r) => r.quantity).reverse()).toEqual(Array.from({ length: 50 }, (_, i) => -1 - i));
      expect(answer.outcomes[59]).toMatchObject({
        result: { flagged: [{ productId: counter.productId, quantity: -50 }], unknown: [] },
      });
      const levels = await counter.db.pool.query<{ quantity_after: number }>(
        "SELECT quantity_after FROM shop_stock_movements WHERE reason = 'hub_sale' AND reference = ANY($1::text[]) ORDER BY id",
        [run.map((op) => `${(op.payload as { saleId: string }).saleId}:0`)],
      );
      expect(levels.rows.map((r) => r.quantity_after)).toEqual(Array.from({ length: 60 }, (_, i) => 9 - i));
      await expectChainIntact();
    },
    testTimeoutMs,
  );
});

/** Counts the statements every pg client of this process sends until `stop` (the pool's queries go through them). */
function countStatements(): { stop(): number } {
  let n = 0;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    n++;
    return original.apply(this, args);
  };
  return {
    stop() {
      proto.query = original;
      return n;
    },
  };
}
