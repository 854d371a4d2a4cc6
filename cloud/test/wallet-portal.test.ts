// Proves the wallet routes the client portal adds: finding whom to pay by ISMAIL ID shows only a masked name, is
// audited and rate-limited, and refuses oneself, an unknown ID, a suspended account and the signed-out; a transfer
// to an ISMAIL ID moves credits once per key and refuses the same cases; the history filters by kind and days; a
// sales rep's withdrawal request keeps its mobile-money number and is listed with its status (pending, then paid or
// refused), and nobody else has that list.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { testBackends } from './support/databases.js';
import { bearer, type Person, type Signed } from './support/people.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

const ismailIdOf: Partial<Record<Person, string>> = {
  clientA: 'CI261205-0A1B-CL',
  clientB: 'CI261205-0C2D-CL',
  partnerB: 'CI261205-0E3F-PT',
  repA: 'CI261205-0G4H-CM',
};

describe.each(testBackends)('wallet routes of the client portal on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;

  const post = (person: Person, url: string, payload: object, key: string = randomUUID()) =>
    app.inject({ method: 'POST', url, payload, headers: { ...bearer(people[person]), 'idempotency-key': key } });
  const get = (person: Person | null, url: string) =>
    app.inject({ method: 'GET', url, headers: person === null ? {} : bearer(people[person]) });
  const balance = async (person: Person): Promise<number> =>
    (await get(person, '/v1/wallet')).json<{ availableCentiCredits: number }>().availableCentiCredits;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
    for (const [person, id] of Object.entries(ismailIdOf))
      await db.pool.query('UPDATE accounts SET ismail_id = $2, first_name = $3, last_name = $4 WHERE id = $1', [
        people[person as Person].id,
        id,
        person === 'clientB' ? 'Awa' : person,
        person === 'clientB' ? 'Koné' : 'Test',
      ]);
    for (const person of ['clientA', 'repA'] as const) {
      const given = await post('admin', '/v1/admin/wallet/bonuses', {
        accountId: people[person].id,
        amountCentiCredits: 10_000,
        reason: 'portal test',
      });
      expect(given.statusCode, given.body).toBe(201);
    }
  });
  afterAll(async () => cloud.close());

  it('shows a person by first name and last initial, a partner by trade name, and audits who looked', async () => {
    const awa = await get('clientA', `/v1/wallet/recipients/${ismailIdOf.clientB ?? ''}`);
    expect(awa.statusCode, awa.body).toBe(200);
    expect(awa.json()).toEqual({ ismailId: ismailIdOf.clientB, displayName: 'Awa K.' });
    const lower = await get('clientA', `/v1/wallet/recipients/${(ismailIdOf.partnerB ?? '').toLowerCase()}`);
    expect(lower.json<{ displayName: string }>().displayName).toBe('partnerB');
    const { rows } = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'wallet.recipient_looked_up' AND actor_account_id = $1",
      [people.clientA.id],
    );
    expect(rows[0]?.n).toBe(2);
  });

  it('refuses oneself, an unknown or malformed ID, a suspended account and a signed-out caller', async () => {
    expect((await get('clientA', `/v1/wallet/recipients/${ismailIdOf.clientA ?? ''}`)).json()).toMatchObject({
      error: { code: 'CONFLICT' },
    });
    expect((await get('clientA', '/v1/wallet/recipients/CI261205-ZZZZ-CL')).statusCode).toBe(404);
    expect((await get('clientA', '/v1/wallet/recipients/not-an-id-at-all')).statusCode).toBe(400);
    expect((await get(null, `/v1/wallet/recipients/${ismailIdOf.clientB ?? ''}`)).statusCode).toBe(401);
    await db.pool.query("UPDATE accounts SET status = 'suspended' WHERE id = $1", [people.partnerB.id]);
    try {
      const suspended = await get('clientA', `/v1/wallet/recipients/${ismailIdOf.partnerB ?? ''}`);
      expect(suspended.json()).toMatchObject({ error: { code: 'ACCOUNT_NOT_ACTIVE' } });
      const sent = await post('clientA', '/v1/wallet/transfers/by-ismail-id', {
        toIsmailId: ismailIdOf.partnerB,
        amountCentiCredits: 100,
      });
      expect(sent.json()).toMatchObject({ error: { code: 'ACCOUNT_NOT_ACTIVE' } });
    } finally {
      await db.pool.query("UPDATE accounts SET status = 'active' WHERE id = $1", [people.partnerB.id]);
    }
    const toSelf = await post('clientA', '/v1/wallet/transfers/by-ismail-id', {
      toIsmailId: ismailIdOf.clientA,
      amountCentiCredits: 100,
    });
    expect(toSelf.json()).toMatchObject({ error: { code: 'CONFLICT' } });
    const unknown = await post('clientA', '/v1/wallet/transfers/by-ismail-id', {
      toIsmailId: 'CI261205-ZZZZ-CL',
      amountCentiCredits: 100,
    });
    expect(unknown.statusCode).toBe(404);
    expect(await balance('clientA')).toBe(10_000);
  });

  it('sends credits to an ISMAIL ID once per key, and answers whom they went to', async () => {
    const key = randomUUID();
    const body = { toIsmailId: ismailIdOf.clientB, amountCentiCredits: 2_500 };
    const [first, second] = await Promise.all([
      post('clientA', '/v1/wallet/transfers/by-ismail-id', body, key),
      post('clientA', '/v1/wallet/transfers/by-ismail-id', body, key),
    ]);
    expect([first?.statusCode, second?.statusCode].sort()).toEqual([200, 201]);
    expect(first?.json()).toMatchObject({ recipient: { displayName: 'Awa K.' }, kind: 'transfer' });
    expect(await balance('clientA')).toBe(7_500);
    expect(await balance('clientB')).toBe(2_500);
    const other = await post('clientA', '/v1/wallet/transfers/by-ismail-id', { ...body, amountCentiCredits: 1 }, key);
    expect(other.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
  });

  it('filters the history by kind and by days, with the wallet’s own running balance on each line', async () => {
    type Page = { entries: { operationKind: string; balanceAfterCentiCredits: number }[] };
    const page = async (query: string): Promise<Page['entries']> => {
      const answer = await get('clientA', `/v1/wallet/history?${query}`);
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json<Page>().entries;
    };
    const today = new Date().toISOString().slice(0, 10);
    expect((await page('kinds=transfer')).map((e) => [e.operationKind, e.balanceAfterCentiCredits])).toEqual([
      ['transfer', 7_500],
    ]);
    expect((await page(`kinds=bonus,transfer&from=${today}&to=${today}`)).length).toBe(2);
    expect(await page('from=2099-01-01')).toEqual([]);
    expect(await page('to=2000-01-01')).toEqual([]);
    expect((await get('clientA', '/v1/wallet/history?from=yesterday')).statusCode).toBe(400);
    expect((await get('clientA', '/v1/wallet/history?kinds=DROP%20TABLE')).statusCode).toBe(400);
  });

  it('lists a sales rep’s withdrawal requests with their number and status; others are refused', async () => {
    const asked = await post('repA', '/v1/wallet/withdrawals', {
      amountCentiCredits: 3_000,
      destinationMsisdn: '2250701020304',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const malformed = await post('repA', '/v1/wallet/withdrawals', {
      amountCentiCredits: 3_000,
      destinationMsisdn: '+225 07',
    });
    expect(malformed.statusCode).toBe(400);
    const second = await post('repA', '/v1/wallet/withdrawals', { amountCentiCredits: 1_000 });
    expect(second.statusCode).toBe(201);
    const listed = (await get('repA', '/v1/wallet/withdrawals')).json<{
      withdrawals: { holdId: string; status: string; destinationMsisdn: string | null; amountCentiCredits: number }[];
    }>().withdrawals;
    expect(listed.map((w) => [w.amountCentiCredits, w.status, w.destinationMsisdn])).toEqual([
      [1_000, 'pending', null],
      [3_000, 'pending', '2250701020304'],
    ]);
    const [newest, oldest] = listed;
    expect((await post('admin', `/v1/admin/wallet/withdrawals/${oldest?.holdId ?? ''}/pay`, {})).statusCode).toBe(201);
    expect((await post('admin', `/v1/admin/wallet/withdrawals/${newest?.holdId ?? ''}/refuse`, {})).statusCode).toBe(
      201,
    );
    const after = (await get('repA', '/v1/wallet/withdrawals')).json<{ withdrawals: { status: string }[] }>();
    expect(after.withdrawals.map((w) => w.status)).toEqual(['refused', 'paid']);
    expect((await get('clientA', '/v1/wallet/withdrawals')).statusCode).toBe(403);
    expect((await post('clientA', '/v1/wallet/withdrawals', { amountCentiCredits: 100 })).statusCode).toBe(403);
    expect((await checkLedger(db)).ok).toBe(true);
  });

  it('answers at most 20 look-ups a minute to one session', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++)
      statuses.push((await get('clientB', `/v1/wallet/recipients/${ismailIdOf.clientA ?? ''}`)).statusCode);
    expect(statuses.filter((s) => s === 200).length).toBe(20);
    expect(statuses.at(-1)).toBe(429);
  });
});
