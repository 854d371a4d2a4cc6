// GET /v1/wallet reads the balance, the holder's country and that country's current rate in one
// statement (walletBalanceWithRate; issue 29.9, fewer queries per read). Proves it answers as the
// separate reads did: the rate in force now (not a future one), the wallet's own country, a wallet
// that never moved, and the same refusal when the country has no rate.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { centiCreditsToXof } from '@ismail/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { creditRateAt } from '../src/modules/wallet/rates.js';
import { walletBalance } from '../src/modules/wallet/history.js';
import { testBackends } from './support/databases.js';
import { bearer, type Person, type Signed } from './support/people.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { registerCounterHub } from './support/test-hub.js';

interface Balance {
  accountId: string;
  postedCentiCredits: number;
  heldCentiCredits: number;
  availableCentiCredits: number;
  availableXof: number;
  xofPerCredit: number;
}

describe.each(testBackends)('wallet balance route on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { schemaCompilation: 'on-first-use' });
    ({ db, app, people } = cloud);
    const hub = await registerCounterHub(db, people.admin.id, people.partnerA.id, 'Caisse A');
    const sold = await app.inject({
      method: 'POST',
      url: '/v1/wallet/top-ups/cash',
      payload: { accountId: people.clientA.id, hubId: hub, amountXof: 7_350 },
      headers: { ...bearer(people.partnerA), 'idempotency-key': randomUUID() },
    });
    expect(sold.statusCode).toBe(201);
  });
  afterAll(async () => cloud.close());

  const read = async (person: Person) => {
    const reply = await app.inject({ method: 'GET', url: '/v1/wallet', headers: bearer(people[person]) });
    return { status: reply.statusCode, body: reply.json<Balance & { code?: string; message?: string }>() };
  };
  /** What the route answered before: the balance, then the country, then its rate, read apart. */
  const readApart = async (person: Person): Promise<Balance> => {
    const id = people[person].id;
    const balance = await walletBalance(db, id);
    const { rows } = await db.pool.query<{ country: string }>('SELECT country FROM accounts WHERE id = $1', [id]);
    const rate = await creditRateAt(db.pool, rows[0]?.country ?? 'CI');
    return {
      ...balance,
      availableXof: centiCreditsToXof(balance.availableCentiCredits, rate),
      xofPerCredit: rate.xofPerCredit,
    };
  };

  it('answers as the balance and the rate read apart, for a funded wallet and one that never moved', async () => {
    const funded = await read('clientA');
    expect(funded.status).toBe(200);
    expect(funded.body.availableCentiCredits).toBeGreaterThan(0);
    expect(funded.body).toEqual(await readApart('clientA'));
    const empty = await read('clientB');
    expect(empty.body).toMatchObject({ postedCentiCredits: 0, heldCentiCredits: 0, availableCentiCredits: 0 });
    expect(empty.body).toEqual(await readApart('clientB'));
  });

  it('uses the rate in force now, never one that starts later', async () => {
    const before = (await read('clientA')).body;
    await db.pool.query(
      `INSERT INTO credit_rates (country, xof_per_credit, effective_from, set_by) VALUES
         ('CI', $1, now() + interval '1 day', 'test'), ('CI', $2, now() - interval '1 second', 'test')`,
      [before.xofPerCredit * 4, before.xofPerCredit * 2],
    );
    const after = (await read('clientA')).body;
    expect(after.xofPerCredit).toBe(before.xofPerCredit * 2);
    expect(after.availableXof).toBe(
      centiCreditsToXof(after.availableCentiCredits, { country: 'CI', xofPerCredit: after.xofPerCredit }),
    );
    expect(after).toEqual(await readApart('clientA'));
  });

  it('reads the rate of the holder’s own country, and refuses as before when it has none', async () => {
    await db.pool.query(
      `INSERT INTO credit_rates (country, xof_per_credit, effective_from, set_by)
       VALUES ('SN', 75, now() - interval '1 day', 'test')`,
    );
    await db.pool.query("UPDATE accounts SET country = 'SN' WHERE id = $1", [people.clientB.id]);
    expect((await read('clientB')).body).toMatchObject({ xofPerCredit: 75 });
    await db.pool.query("UPDATE accounts SET country = 'ML' WHERE id = $1", [people.clientB.id]);
    const refused = await read('clientB');
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('no credit rate is set for country ML');
    await expect(readApart('clientB')).rejects.toThrow('no credit rate is set for country ML');
  });
});
