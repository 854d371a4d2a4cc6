// Dashboards (issue 23) over HTTP: who may read one (clients not, admins only with the second factor), figures
// scoped to the caller (a partner's own sales, its staff the same, another partner none of them), the sales read
// model kept by the invoices' trigger (credit notes subtract), the plans using migration 0039's indexes, and the
// per-user layout: validated against the profile's widgets, bounded, versioned so two devices never silently
// overwrite each other (a stale or raced save is a 409).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordLedgerCheck } from '../src/modules/dashboard/index.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { anotherSession, bearer } from './support/people.js';

interface Dashboard {
  kind: string;
  widgets: {
    widget: string;
    tiles: { key: string; value: number; unit: string }[];
    series?: { points: { label: string; value: number }[] };
    alerts?: { key: string; count: number; link: string }[];
  }[];
}
interface Layout {
  widgets: { widget: string; size: string }[];
  version: number;
  available: string[];
}

let invoiceNumber = 0;
/** An issued invoice (or credit note) of `issuer`, straight into the table: the trigger is what is under test. */
async function issue(cloud: TestCloud, issuer: string, grossXof: number, kind = 'invoice'): Promise<void> {
  const id = randomUUID();
  const original =
    kind === 'credit_note'
      ? (
          await cloud.db.pool.query<{ id: string }>(
            "SELECT id FROM invoices WHERE issuer_account_id = $1 AND kind = 'invoice' LIMIT 1",
            [issuer],
          )
        ).rows[0]?.id
      : null;
  invoiceNumber++;
  await cloud.db.pool.query(
    `INSERT INTO invoices (id, issuer_account_id, register, kind, status, document, totals, number, issued_at,
       content_hash, original_invoice_id, created_by)
     VALUES ($1, $2, 'cloud', $3, 'issued', '{}', $4, $5, now(), repeat('a', 64), $6, 'test')`,
    [id, issuer, kind, JSON.stringify({ grossXof }), `T-${String(invoiceNumber)}`, original],
  );
}

describe.each(testBackends)('dashboards on $name', (backend) => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
  });
  afterAll(async () => cloud.close());

  const get = async (url: string, who: keyof TestCloud['people']) =>
    cloud.app.inject({ method: 'GET', url, headers: bearer(cloud.people[who]) });
  const put = async (body: unknown, who: keyof TestCloud['people'], token?: string) =>
    cloud.app.inject({
      method: 'PUT',
      url: '/v1/dashboard/layout',
      headers: token === undefined ? bearer(cloud.people[who]) : { authorization: `Bearer ${token}` },
      payload: body as Record<string, unknown>,
    });

  it('refuses the anonymous, clients, and an admin session without the second factor', async () => {
    expect((await cloud.app.inject({ method: 'GET', url: '/v1/dashboard' })).statusCode).toBe(401);
    expect((await get('/v1/dashboard', 'clientA')).statusCode).toBe(403);
    expect((await get('/v1/dashboard/layout', 'clientA')).statusCode).toBe(403);
    const noMfa = await get('/v1/dashboard', 'adminNoMfa');
    expect(noMfa.statusCode).toBe(403);
    expect(noMfa.json<{ error: { code: string } }>().error.code).toBe('SECOND_FACTOR_REQUIRED');
  });

  it("counts a partner's sales from the trigger's day rows, for it and its staff only", async () => {
    await issue(cloud, cloud.people.partnerA.id, 12_500);
    await issue(cloud, cloud.people.partnerA.id, 7_500);
    await issue(cloud, cloud.people.partnerA.id, 2_500, 'credit_note');
    await issue(cloud, cloud.people.partnerB.id, 99_000);
    const tiles = (d: Dashboard, widget: string) => d.widgets.find((w) => w.widget === widget)?.tiles;
    for (const who of ['partnerA', 'staffA'] as const) {
      const response = await get('/v1/dashboard', who);
      expect(response.statusCode, who).toBe(200);
      const d = response.json<Dashboard>();
      expect(d.kind).toBe('partner');
      expect(tiles(d, 'sales')?.map((t) => t.value)).toEqual([17_500, 17_500, 17_500]);
      const curve = d.widgets.find((w) => w.widget === 'sales_chart')?.series?.points ?? [];
      expect(curve).toHaveLength(366);
      expect(curve.at(-1)?.value).toBe(17_500);
    }
    const b = (await get('/v1/dashboard', 'partnerB')).json<Dashboard>();
    expect(tiles(b, 'sales')?.[0]?.value).toBe(99_000);
    const { rows } = await cloud.db.pool.query<{ sales: number }>(
      'SELECT sales FROM dashboard_sales_days WHERE issuer_account_id = $1',
      [cloud.people.partnerA.id],
    );
    expect(rows).toEqual([{ sales: 2 }]);
  });

  it("gives a sales rep its commissions by month, a chief its team, an admin the ledger check's last result", async () => {
    const rep = (await get('/v1/dashboard', 'repA')).json<Dashboard>();
    expect(rep.kind).toBe('sales_rep');
    expect(rep.widgets.find((w) => w.widget === 'partners')?.tiles[0]?.value).toBe(1);
    expect(rep.widgets.find((w) => w.widget === 'commissions_chart')?.series?.points).toHaveLength(12);
    const chief = (await get('/v1/dashboard', 'chiefA')).json<Dashboard>();
    expect(chief.widgets.find((w) => w.widget === 'team')?.tiles.map((t) => t.value)).toEqual([1, 1]);
    const before = (await get('/v1/dashboard', 'admin')).json<Dashboard>();
    expect(before.widgets.find((w) => w.widget === 'ledger_check')?.tiles[0]?.key).toBe('not_run');
    await recordLedgerCheck(cloud.db);
    const after = (await get('/v1/dashboard', 'admin')).json<Dashboard>();
    expect(after.kind).toBe('admin');
    expect(after.widgets.find((w) => w.widget === 'ledger_check')?.tiles[0]).toMatchObject({
      key: 'result',
      unit: 'ok',
    });
  });

  it('reads the sales curve and the open orders through the indexes of migration 0039', async () => {
    const client = await cloud.db.pool.connect();
    try {
      // A tiny table would be scanned whatever its indexes: the plan is asked for as on a big one.
      await client.query('SET enable_seqscan = off');
      const plan = async (sql: string) =>
        (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [cloud.people.partnerA.id])).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      expect(
        await plan(
          "SELECT day, sales, amount_xof FROM dashboard_sales_days WHERE issuer_account_id = $1 AND day >= '2026-01-01'",
        ),
      ).toContain('dashboard_sales_days_pkey');
      expect(
        await plan("SELECT count(*) FROM shop_orders WHERE partner_id = $1 AND status IN ('pending', 'confirmed')"),
      ).toContain('dashboard_orders_open');
    } finally {
      await client.query('RESET enable_seqscan');
      client.release();
    }
  });

  it('saves a layout per user, validated, versioned, the same from another session; a stale save is a 409', async () => {
    const first = (await get('/v1/dashboard/layout', 'partnerA')).json<Layout>();
    expect(first.version).toBe(0);
    expect(first.available).toContain('sales_chart');
    expect((await put({ widgets: [{ widget: 'team', size: 'small' }], version: 0 }, 'partnerA')).statusCode).toBe(400);
    const twice = [
      { widget: 'sales', size: 'small' },
      { widget: 'sales', size: 'large' },
    ];
    expect((await put({ widgets: twice, version: 0 }, 'partnerA')).statusCode).toBe(400);
    const tooMany = Array.from({ length: 21 }, () => ({ widget: 'sales', size: 'small' }));
    expect((await put({ widgets: tooMany, version: 0 }, 'partnerA')).statusCode).toBe(400);
    expect((await put({ widgets: [{ widget: 'sales', size: 'huge' }], version: 0 }, 'partnerA')).statusCode).toBe(400);
    // Read-only staff may not write; its own layout is not its partner's.
    expect((await put({ widgets: [], version: 0 }, 'staffA')).statusCode).toBe(403);

    const mine = [
      { widget: 'sales_chart', size: 'large' },
      { widget: 'credits', size: 'small' },
    ];
    const saved = await put({ widgets: mine, version: 0 }, 'partnerA');
    expect(saved.statusCode).toBe(200);
    expect(saved.json<Layout>().version).toBe(1);
    const stale = await put({ widgets: [], version: 0 }, 'partnerA');
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { code: string; message: string } }>().error.message).toContain('autre appareil');

    const phone = await anotherSession(cloud.db, cloud.app, cloud.people.partnerA);
    const seen = await cloud.app.inject({
      method: 'GET',
      url: '/v1/dashboard/layout',
      headers: { authorization: `Bearer ${phone}` },
    });
    expect(seen.json<Layout>()).toMatchObject({ widgets: mine, version: 1 });
    expect((await get('/v1/dashboard/layout', 'staffA')).json<Layout>().version).toBe(0);

    // Two devices saving on the same version at once: exactly one wins.
    const raced = await Promise.all([
      put({ widgets: [{ widget: 'alerts', size: 'large' }], version: 1 }, 'partnerA'),
      put({ widgets: [{ widget: 'low_stock', size: 'small' }], version: 1 }, 'partnerA', phone),
    ]);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await get('/v1/dashboard/layout', 'partnerA')).json<Layout>().version).toBe(2);
  });
});
