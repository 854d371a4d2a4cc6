// Proves the cloud's HTTP contract: a valid OpenAPI 3 document, one error shape with stable
// codes, request ids in answers and logs, and secrets kept out of logs.
import { Writable } from 'node:stream';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { seedDemoCommerce } from '../src/demo/commerce.js';
import { seedDemoData } from '../src/demo/seed.js';
import { dayLastMonth, seedDemoWallet } from '../src/demo/wallet.js';
import { repStatement } from '../src/modules/wallet/statement-reports.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { seedDefaultRates } from '../src/modules/wallet/rates.js';
import { demoAccounts } from '../src/demo/accounts.js';
import { verifyPassword } from '../src/modules/identity/password.js';
import { buildCloudApp } from '../src/app.js';
import { everyTestBackend, testSecrets } from './support/databases.js';

class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== ''),
    );
    callback();
  }
}

describe.each(everyTestBackend)('cloud API on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  const logs = new LogCapture();

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db.pool);
    app = await buildCloudApp({ db, logLevel: 'info', logStream: logs, ...testSecrets() });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('publishes a valid OpenAPI 3 document listing its routes', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{ openapi: string; paths: Record<string, unknown> }>();
    const result = await new Validator().validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/v1/profiles']));
    // Typed clients (the portal's) name each operation by its id: two operations may not share one.
    const ids = Object.values(document.paths as Record<string, Record<string, { operationId?: string }>>)
      .flatMap((operations) => Object.values(operations))
      .map((operation) => operation.operationId)
      .filter((id): id is string => id !== undefined);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it('answers an unknown route with NOT_FOUND in the shared error shape', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    const body = response.json<{ error: { code: string; requestId: string } }>();
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.requestId).toBe(response.headers['x-request-id']);
  });

  it('reuses a plain client request id and replaces a hostile one', async () => {
    const kept = await app.inject({ method: 'GET', url: '/v1/profiles', headers: { 'x-request-id': 'counter-42' } });
    expect(kept.headers['x-request-id']).toBe('counter-42');
    const replaced = await app.inject({
      method: 'GET',
      url: '/v1/profiles',
      headers: { 'x-request-id': 'x'.repeat(500) },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs JSON lines with the request id and never the authorization header', async () => {
    await app.inject({
      method: 'GET',
      url: '/v1/profiles',
      headers: { 'x-request-id': 'log-check-1', authorization: 'Bearer secret-token-value' },
    });
    const lines = logs.lines.map((l) => JSON.parse(l) as { reqId?: string });
    expect(lines.some((l) => l.reqId === 'log-check-1')).toBe(true);
    expect(logs.lines.join('\n')).not.toContain('secret-token-value');
  });

  it('lists the seven profiles with the second-factor rule', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/profiles' });
    const { profiles } = response.json<{ profiles: { level: number; key: string; requiresSecondFactor: boolean }[] }>();
    expect(profiles.map((p) => p.level)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(profiles.filter((p) => p.requiresSecondFactor).map((p) => p.key)).toEqual([
      'hyper_admin',
      'super_admin',
      'admin',
    ]);
  });

  it('seeds one demo account per profile plus a counter operator, once, with verifiable passwords', async () => {
    const masterKey = testSecrets().masterKey;
    expect(await seedDemoData(db, app.cards, masterKey, app.platform.documents)).toEqual({ seeded: true });
    expect(await seedDemoData(db, app.cards, masterKey, app.platform.documents)).toEqual({ seeded: false });
    // The operator's own account (the seller of credits) is not a demo account.
    const { rows } = await db.pool.query<{ profile: string; email: string; password_hash: string }>(
      "SELECT profile, email, password_hash FROM accounts WHERE email <> 'operator@ismail.invalid' ORDER BY email",
    );
    expect(rows).toHaveLength(8);
    const cards = await db.pool.query<{ token: string }>("SELECT token FROM cards WHERE state = 'active'");
    expect(cards.rowCount).toBe(7);
    // Each demo card carries the hash of its (drawn) KYC photo, so a card desk can show the face.
    for (const card of cards.rows)
      expect(
        (JSON.parse(Buffer.from(card.token.split('.')[1] ?? '', 'base64url').toString()) as { ph?: string }).ph,
      ).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const tree = await db.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM accounts p JOIN accounts r ON p.sales_rep_id = r.id JOIN accounts c ON r.supervisor_id = c.id WHERE c.profile = 'agency_chief'",
    );
    expect(tree.rows[0]?.n).toBe('1');
    expect(new Set(rows.map((r) => r.profile)).size).toBe(7);
    const client = rows.find((r) => r.email === 'client@demo.ismail.ci');
    const demoClient = demoAccounts.find((a) => a.profile === 'client');
    expect(client?.password_hash).not.toContain(demoClient?.password);
    expect(await verifyPassword(demoClient?.password ?? '', client?.password_hash ?? '')).toBe(true);
  });

  it('seeds the demo shop and hotel once, with orders and stays in several states', async () => {
    await seedDefaultRates(db.pool);
    await seedDemoWallet(app.wallet.operations, db);
    const services = { shop: app.shop, booking: app.booking, ops: app.wallet.operations };
    expect(await seedDemoCommerce(db, services)).toEqual({ seeded: true });
    expect(await seedDemoCommerce(db, services)).toEqual({ seeded: false });
    const orders = await db.pool.query<{ status: string }>('SELECT status FROM shop_orders ORDER BY created_at');
    expect(orders.rows.map((r) => r.status)).toEqual(['delivered', 'confirmed', 'pending']);
    const stays = await db.pool.query<{ status: string }>(
      'SELECT status FROM booking_reservations ORDER BY created_at',
    );
    expect(stays.rows.map((r) => r.status)).toEqual(['confirmed', 'held']);
    expect((await app.shop.search({ text: 'karité' })).products).toHaveLength(1);
    const photos = (await app.shop.search({})).products.filter((p) => p.hasPhoto).map((p) => p.name);
    expect(photos.sort()).toEqual([
      'Attiéké frais 1 kg',
      'Pagne wax 6 yards « Fleur de mariage »',
      'Savon noir artisanal',
    ]);
    expect((await checkLedger(db)).ok).toBe(true);
  });

  it("gives the demo sales rep last month's commissions: a statement whose total is its lines and the ledger's transfers", async () => {
    await seedDefaultRates(db.pool);
    const now = new Date();
    await seedDemoWallet(app.wallet.operations, db, now);
    expect((await seedDemoWallet(app.wallet.operations, db, now)).replayed).toBeGreaterThan(0);
    const rep = demoAccounts.find((a) => a.profile === 'sales_rep');
    const period = dayLastMonth(now).toISOString().slice(0, 7);
    const statement = await repStatement(db.pool, rep?.id ?? '', period);
    expect(statement.lines.length).toBeGreaterThan(0);
    expect(statement.lines.every((l) => l.at.startsWith(period) && l.partnerName !== null)).toBe(true);
    const sum = statement.lines.reduce((s, l) => s + l.amountCentiCredits, 0);
    expect(statement.totalCentiCredits).toBe(sum);
    const ledger = await db.pool.query<{ total: string }>(
      'SELECT coalesce(sum(amount), 0) AS total FROM ledger_transfers WHERE id = ANY($1::uuid[])',
      [statement.lines.map((l) => l.transferId)],
    );
    expect(Number(ledger.rows[0]?.total)).toBe(sum);
    expect((await checkLedger(db)).ok).toBe(true);
  });
});
