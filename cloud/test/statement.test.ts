// Proves a sales rep's monthly commission statements (issue 23): for several partners, two reps and their chief, over
// months whose consumptions sit on either side of a month boundary (UTC, which is Africa/Abidjan's time), each
// statement's total is the sum of its lines AND the ledger's commission transfers to that beneficiary in that month;
// the CSV's total row says the same; the rate simulation replays the month. Over HTTP: only reps (and chiefs for
// their statements) get in, the beneficiary is always the caller, malformed months and rates are refused.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import {
  repPartners,
  repStatement,
  simulateRepRate,
  statementCsv,
  statementMonths,
} from '../src/modules/wallet/statement-reports.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { fundClients, giveTaxIdentity } from './support/shop-fixtures.js';
import { bearer, type Person, type Signed } from './support/people.js';
import { as, cashHub, insertAccount, salesTree, walletStack, type WalletStack } from './support/wallet-fixtures.js';

/** Consumptions straddling two month boundaries, to the millisecond. */
const moments = [
  '2026-09-30T23:59:59.999Z',
  '2026-10-01T00:00:00.000Z',
  '2026-10-15T12:00:00.000Z',
  '2026-10-31T23:59:59.999Z',
  '2026-11-01T00:00:00.000Z',
];
const periods = ['2026-09', '2026-10', '2026-11'];

describe.each(testBackends)('commission statements on $name', (backend) => {
  let db: Database;
  let wallet: WalletStack;
  let clock = new Date(moments[0] ?? '');
  let tree: { chief: string; rep: string; partner: string };
  let otherRep = '';
  const partners: string[] = [];

  beforeAll(async () => {
    db = await backend.open();
    wallet = await walletStack(db, {}, () => clock);
    tree = await salesTree(db);
    otherRep = await insertAccount(db, 'sales_rep', { supervisorId: tree.chief });
    partners.push(tree.partner, await insertAccount(db, 'partner', { salesRepId: tree.rep }));
    partners.push(await insertAccount(db, 'partner', { salesRepId: otherRep }));
    for (const partner of partners)
      await wallet.ops.buyCreditsWithCash(as(partner), {
        accountId: partner,
        hubId: await cashHub(db),
        amountXof: 100_000,
      });
    // Each moment, each partner consumes a different amount: lines differ, sums are not coincidences.
    for (const [m, moment] of moments.entries()) {
      clock = new Date(moment);
      for (const [p, partner] of partners.entries())
        await wallet.ops.consume(as(partner), {
          accountId: partner,
          tariffCode: 'service_purchase',
          units: 1 + m + 2 * p,
          unitPriceCredits: 13,
        });
    }
  });
  afterAll(async () => {
    await db.close();
  });

  /** The ledger's own answer: commission transfers credited to the beneficiary's payable account in the month. */
  const ledgerTotal = async (beneficiaryId: string, period: string): Promise<number> => {
    const from = new Date(`${period}-01T00:00:00Z`);
    const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
    const { rows } = await db.pool.query<{ total: string | null }>(
      `SELECT sum(t.amount) AS total FROM ledger_transfers t JOIN ledger_accounts a ON a.id = t.credit_account_id
       WHERE a.kind = 'commissions_payable' AND a.owner_account_id = $1 AND t.created_at >= $2 AND t.created_at < $3`,
      [beneficiaryId, from, to],
    );
    return Number(rows[0]?.total ?? 0);
  };

  it('totals each month as the sum of its lines and as the ledger, either side of the boundary', async () => {
    for (const beneficiary of [tree.rep, otherRep, tree.chief])
      for (const period of periods) {
        const statement = await repStatement(db.pool, beneficiary, period);
        const sum = statement.lines.reduce((s, l) => s + l.amountCentiCredits, 0);
        expect(statement.totalCentiCredits, `${period} ${beneficiary}`).toBe(sum);
        expect(statement.totalCentiCredits, `${period} ledger`).toBe(await ledgerTotal(beneficiary, period));
        expect(statement.totalCentiCredits).toBeGreaterThan(0);
      }
    // The rep's two partners at 23:59:59.999 on 30 September are September's, at midnight October's.
    expect((await repStatement(db.pool, tree.rep, '2026-09')).lines).toHaveLength(2);
    expect((await repStatement(db.pool, tree.rep, '2026-10')).lines).toHaveLength(6);
    expect((await repStatement(db.pool, tree.rep, '2026-11')).lines).toHaveLength(2);
    expect((await repStatement(db.pool, tree.rep, '2026-12')).lines).toEqual([]);
    // The chief's team-lead lines cover both reps' partners.
    expect((await repStatement(db.pool, tree.chief, '2026-10')).lines).toHaveLength(9);
    const october = await repStatement(db.pool, tree.rep, '2026-10');
    expect(october.lines.every((l) => l.role === 'sales_rep' && l.partnerName !== null)).toBe(true);
    const months = await statementMonths(db.pool, tree.rep);
    expect(months.map((m) => m.period)).toEqual(['2026-11', '2026-10', '2026-09']);
    expect(months[1]).toMatchObject({ lines: 6, totalCentiCredits: october.totalCentiCredits, paidCentiCredits: null });
  });

  it('writes the CSV with a total row equal to the statement, and simulates a proposed rate', async () => {
    const october = await repStatement(db.pool, tree.rep, '2026-10');
    const csv = statementCsv(october).toString('utf8');
    expect(csv.startsWith('\uFEFFdate;partenaire;')).toBe(true);
    const rows = csv.trim().split('\r\n');
    expect(rows).toHaveLength(october.lines.length + 2);
    const credits = (centi: number) => (centi / 100).toFixed(2).replace('.', ',');
    expect(rows.at(-1)).toBe(`total;;;;;;;${credits(october.totalCentiCredits)}`);
    expect(rows[1]).toMatch(/^01\/10\/2026;/);
    const same = await simulateRepRate(db.pool, tree.rep, '2026-10', undefined);
    expect(same.simulatedCentiCredits).toBe(october.totalCentiCredits);
    const rate = october.lines[0]?.rateBp ?? 0;
    const doubled = await simulateRepRate(db.pool, tree.rep, '2026-10', rate * 2);
    expect(Math.abs(doubled.simulatedCentiCredits - 2 * october.totalCentiCredits)).toBeLessThanOrEqual(
      october.lines.length,
    );
    expect((await simulateRepRate(db.pool, tree.rep, '2026-10', 0)).simulatedCentiCredits).toBe(0);
  });

  it("lists a rep's partners only, with their commissions this month", async () => {
    const listed = await repPartners(db.pool, tree.rep, new Date('2026-10-20T00:00:00Z'));
    expect(listed.map((p) => p.id).sort()).toEqual([partners[0], partners[1]].sort());
    const october = await repStatement(db.pool, tree.rep, '2026-10');
    expect(listed.reduce((s, p) => s + p.commissionThisMonthCentiCredits, 0)).toBe(october.totalCentiCredits);
    expect(listed.every((p) => p.lastActivityAt !== null)).toBe(true);
  });
});

describe.each(testBackends.slice(-1))('commission statements over HTTP on $name', (backend) => {
  let cloud: TestCloud;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ app, people } = cloud);
  });
  afterAll(async () => cloud.close());
  const get = (person: Person, url: string) => app.inject({ method: 'GET', url, headers: bearer(people[person]) });

  it('lets reps in, keeps everyone else out, refuses malformed months and rates', async () => {
    for (const person of ['clientA', 'partnerA', 'staffA', 'admin'] as const) {
      expect((await get(person, '/v1/wallet/rep/partners')).statusCode, person).toBe(403);
      expect((await get(person, '/v1/wallet/rep/statements/2026-10')).statusCode, person).toBe(403);
    }
    expect((await get('chiefA', '/v1/wallet/rep/partners')).statusCode).toBe(403);
    const mine = await get('repA', '/v1/wallet/rep/partners');
    expect(mine.json<{ partners: { id: string }[] }>().partners.map((p) => p.id)).toEqual([people.partnerA.id]);
    expect((await get('repB', '/v1/wallet/rep/partners')).json<{ partners: { id: string }[] }>().partners).toEqual([
      expect.objectContaining({ id: people.partnerB.id }),
    ]);
    for (const period of ['2026-13', '26-10', '2026-1', '2026-10x'])
      expect((await get('repA', `/v1/wallet/rep/statements/${period}`)).statusCode, period).toBe(400);
    expect((await get('repA', '/v1/wallet/rep/statements/2026-10/simulation?rateBp=9000')).statusCode).toBe(400);
    expect((await get('repA', '/v1/wallet/rep/statements/2026-10/simulation?rateBp=-1')).statusCode).toBe(400);
    expect((await get('repA', '/v1/wallet/rep/statements/2026-10/simulation?rateBp=500')).json()).toMatchObject({
      lines: 0,
      simulatedCentiCredits: 0,
    });
    const csv = await get('repA', '/v1/wallet/rep/statements/2026-10/csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('releve-commissions-2026-10.csv');
    expect((await get('repA', '/v1/wallet/rep/statements')).json()).toEqual({ months: [] });
  });

  it("names the partner of a shop sale's commission and replays it at another rate", async () => {
    const { db } = cloud;
    await giveTaxIdentity(db, people.partnerA.id);
    await fundClients(cloud, await cashHub(db));
    const post = (person: Person, url: string, payload?: object, key?: string) =>
      app.inject({
        method: 'POST',
        url,
        headers: { ...bearer(people[person]), ...(key === undefined ? {} : { 'idempotency-key': key }) },
        ...(payload === undefined ? {} : { payload }),
      });
    const product = await post('partnerA', '/v1/shop/products', {
      name: 'Kente',
      category: 'mode',
      kind: 'physical',
      priceXof: 20_000,
      taxGroup: 'CI-TVA-18',
    });
    const productId = product.json<{ id: string }>().id;
    await post('partnerA', `/v1/shop/products/${productId}/stock`, { delta: 5, reason: 'count' });
    const order = await post(
      'clientA',
      '/v1/shop/orders',
      { items: [{ productId, quantity: 1 }], delivery: 'pickup' },
      'k1',
    );
    const orderId = order.json<{ id: string }>().id;
    expect((await post('partnerA', `/v1/shop/fulfilment/orders/${orderId}/confirm`)).statusCode).toBe(200);
    const period = new Date().toISOString().slice(0, 7);
    const statement = (await get('repA', `/v1/wallet/rep/statements/${period}`)).json<{
      totalCentiCredits: number;
      lines: {
        partnerName: string | null;
        baseCentiCredits: number | null;
        rateBp: number;
        amountCentiCredits: number;
      }[];
    }>();
    expect(statement.lines).toHaveLength(1);
    const [line] = statement.lines;
    const { rows } = await db.pool.query<{ display_name: string }>('SELECT display_name FROM accounts WHERE id = $1', [
      people.partnerA.id,
    ]);
    expect(line?.partnerName).toBe(rows[0]?.display_name);
    expect(line?.baseCentiCredits).toBeGreaterThan(0);
    expect(statement.totalCentiCredits).toBe(line?.amountCentiCredits);
    const same = await get('repA', `/v1/wallet/rep/statements/${period}/simulation?rateBp=${String(line?.rateBp)}`);
    expect(same.json()).toMatchObject({ simulatedCentiCredits: statement.totalCentiCredits });
  });
});
