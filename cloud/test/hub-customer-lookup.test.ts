// Customer lookup for a hub's counter (issue 28.4): a signed hub asks for an active client by
// exact ISMAIL ID (look-alikes O/0, I/1, spaces, lower case read back) or phone number (several
// spellings of one +225 number); the answer is the minimum (no account id, no credential, the
// phone masked). Unknown, partner, suspended and closed accounts all answer the same 404; a
// prefix finds nothing; the hub's budget per minute ends in RATE_LIMITED; an unsigned, forged or
// person's request is refused; every lookup is audited with the staff account the hub names and
// a hash of what was asked, never the number in clear.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerSummary } from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import { customerLookupsPerMinute, lookupHash, lookupHashKey } from '../src/modules/hubs/customer-lookup.js';
import { testBackends } from './support/databases.js';
import { approvedHolder } from './support/kyc-holder.js';
import { bearer, type Person, type Signed } from './support/people.js';
import { openTestCloud } from './support/test-cloud.js';
import { hubKeyPair, pairTestHub, testHub, type TestHub } from './support/test-hub.js';

const url = '/v1/hubs/customers/lookup';
const phone = '+2250707070707';
/** What a refusal says (its code and words; the request id differs each time). */
const said = (body: { error: { code: string; message: string } }): string => `${body.error.code}|${body.error.message}`;

describe.each(testBackends)('customer lookup for a hub counter on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let secrets: Awaited<ReturnType<typeof openTestCloud>>['secrets'];
  let hub: TestHub;
  let ismailId: string;
  const staffAccountId = randomUUID();

  const ask = (as: TestHub, by: 'ismail-id' | 'phone', value: string) =>
    as.inject(app, { method: 'POST', url, payload: { by, value, staffAccountId } });

  beforeAll(async () => {
    ({ db, app, people, secrets } = await openTestCloud(backend, { logLevel: 'silent', seedRates: false }));
    const holder = await approvedHolder(app, people.admin);
    ismailId = (await app.inject({ method: 'GET', url: '/v1/cards/mine', headers: holder.headers })).json<{
      ismailId: string;
    }>().ismailId;
    await db.pool.query('UPDATE accounts SET phone_e164 = $1 WHERE ismail_id = $2', [phone, ismailId]);
    hub = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse Plateau');
    // Migrating a fresh database takes over a minute on a loaded 2-core machine.
  }, 300_000);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('finds an active client by exact ISMAIL ID with look-alikes, and by phone in several spellings', async () => {
    expect(ismailId).toMatch(/^CI\d{6}-[0-9A-Z]{4}-CL$/);
    // The way a cashier types it: lower case, spaces for dashes, O for 0 and I for 1 in the digits.
    const typed = [
      ismailId,
      ismailId.toLowerCase(),
      ismailId.replace(/-/g, ' '),
      ismailId.replace(/0/g, 'O').replace(/1/g, 'I'),
      ` ${ismailId.replace(/-/g, '').toLowerCase().replace(/0/g, 'o')} `,
    ];
    for (const value of typed) {
      const response = await ask(hub, 'ismail-id', value);
      expect(response.statusCode, `${value}: ${response.body}`).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const found = response.json<CustomerSummary>();
      expect(found).toEqual({
        ismailId,
        displayName: 'Aya Traoré',
        maskedPhone: '+225 07 •• •• •• 07',
        cardStatus: 'active',
        photoOnFile: true,
      });
    }
    for (const value of ['07 07 07 07 07', '+225 0707070707', '002250707070707', '+225 07.07.07.07.07', '0707070707']) {
      const response = await ask(hub, 'phone', value);
      expect(response.statusCode, `${value}: ${response.body}`).toBe(200);
      expect(response.json<CustomerSummary>().ismailId).toBe(ismailId);
    }
    // Nothing that could pay or name the account: no id, no card token, no full number.
    const body = (await ask(hub, 'phone', phone)).body;
    expect(body).not.toContain(phone);
    expect(body).not.toMatch(/token|accountId|cardId/);
  });

  it('answers the same 404 for unknown, prefix, partner, suspended and closed accounts', async () => {
    const misses: [string, 'ismail-id' | 'phone', string][] = [
      ['an unknown number', 'phone', '0101010101'],
      ['a prefix of the ID', 'ismail-id', ismailId.slice(0, 13)],
      ['a prefix of the number', 'phone', '07070707'],
      ['a malformed number', 'phone', '12345'],
    ];
    // A partner with a phone and an ISMAIL ID is never returned as a client.
    await db.pool.query("UPDATE accounts SET phone_e164 = '+2250505050505', ismail_id = $2 WHERE id = $1", [
      people.partnerA.id,
      ismailId.replace(/-CL$/, '-PT'),
    ]);
    misses.push(
      ['a partner by phone', 'phone', '0505050505'],
      ['a partner by ID', 'ismail-id', ismailId.replace(/-CL$/, '-PT')],
    );
    const bodies = new Set<string>();
    for (const [what, by, value] of misses) {
      const response = await ask(hub, by, value);
      expect(response.statusCode, what).toBe(404);
      bodies.add(said(response.json()));
    }
    for (const status of ['suspended', 'closed']) {
      await db.pool.query('UPDATE accounts SET status = $1 WHERE ismail_id = $2', [status, ismailId]);
      for (const [by, value] of [
        ['ismail-id', ismailId],
        ['phone', phone],
      ] as const) {
        const response = await ask(hub, by, value);
        expect(response.statusCode, `${status} by ${by}`).toBe(404);
        bodies.add(said(response.json()));
      }
    }
    await db.pool.query("UPDATE accounts SET status = 'active' WHERE ismail_id = $1", [ismailId]);
    // One answer for every miss: it never says whether the number exists elsewhere.
    expect(bodies.size).toBe(1);
    expect((await ask(hub, 'ismail-id', ismailId)).statusCode).toBe(200);
  });

  it('audits each lookup with the hub, the staff account named and a hash of the question, never the number', async () => {
    const before = Number(
      (await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM audit_log WHERE action = 'hub.customer_lookup'"))
        .rows[0]?.n,
    );
    await ask(hub, 'phone', '07 07 07 07 07');
    const { rows } = await db.pool.query<{ actor_label: string; place: string; detail: Record<string, unknown> }>(
      "SELECT actor_label, place, detail FROM audit_log WHERE action = 'hub.customer_lookup' ORDER BY seq DESC LIMIT 1",
    );
    expect(
      Number(
        (await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM audit_log WHERE action = 'hub.customer_lookup'"))
          .rows[0]?.n,
      ),
    ).toBe(before + 1);
    expect(rows[0]).toMatchObject({
      actor_label: `hub:${hub.id}`,
      place: `hub:${hub.id}`,
      detail: {
        staffAccountId,
        by: 'phone',
        found: true,
        queryHash: lookupHash(lookupHashKey(secrets.masterKey), 'phone', phone),
      },
    });
    expect(JSON.stringify(rows[0])).not.toMatch(/0707070707|07 07/);
  });

  it('refuses a person, an unsigned request and a forged signature', async () => {
    const payload = { by: 'ismail-id', value: ismailId, staffAccountId };
    for (const person of ['clientA', 'partnerA', 'admin'] as const)
      expect((await app.inject({ method: 'POST', url, headers: bearer(people[person]), payload })).statusCode).toBe(
        401,
      );
    expect((await app.inject({ method: 'POST', url, payload })).statusCode).toBe(401);
    // The hub's token with another key's signature.
    const forger = testHub(hub.id, hub.token, hubKeyPair());
    expect((await forger.inject(app, { method: 'POST', url, payload })).statusCode).toBe(401);
    // A signature over another body.
    const signed = hub.headers('POST', url, JSON.stringify({ ...payload, value: 'CI000000-0000-CL' }));
    const swapped = await app.inject({
      method: 'POST',
      url,
      headers: { ...signed, 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
    expect(swapped.statusCode).toBe(401);
  });

  it('ends a hub’s budget per minute with RATE_LIMITED, another hub keeping its own', async () => {
    const busy = await pairTestHub(app, people.admin, people.partnerB.id, 'Caisse Bouaké');
    const codes: number[] = [];
    for (let i = 0; i < customerLookupsPerMinute; i++) codes.push((await ask(busy, 'phone', '0101010101')).statusCode);
    expect(new Set(codes)).toEqual(new Set([404]));
    const over = await ask(busy, 'ismail-id', ismailId);
    expect(over.statusCode).toBe(429);
    expect(over.json<{ error: { code: string } }>().error.code).toBe('RATE_LIMITED');
    const other = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse Cocody');
    expect((await ask(other, 'ismail-id', ismailId)).statusCode).toBe(200);
  });
});
