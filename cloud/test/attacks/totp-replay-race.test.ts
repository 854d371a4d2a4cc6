// Attack: one authenticator code sent many times at once (a code read over a shoulder, or a
// phished one replayed by a script in parallel with the victim). A code is accepted once,
// even under concurrent use: at the cloud's own sign-in and at a hub's staff sign-in, exactly
// one of the parallel requests opens a session; the others are refused with
// INVALID_CREDENTIALS, and no money moves.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotpCode } from '../../src/modules/identity/totp.js';
import { seal } from '../../src/platform/crypto/sealed.js';
import type { Database } from '../../src/platform/db/database.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { testBackends } from '../support/databases.js';
import { moneyState } from '../support/money-state.js';
import { password, type Person, type Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';
import { pairTestHub } from '../support/test-hub.js';

const parallel = 8;
const secretBase32 = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU';

describe.each(testBackends)('TOTP replay race on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
  });
  afterAll(async () => {
    await cloud.close();
  });

  const outcomes = (responses: { statusCode: number; json: () => unknown }[]): { ok: number; codes: string[] } => ({
    ok: responses.filter((r) => r.statusCode === 200).length,
    codes: responses
      .filter((r) => r.statusCode !== 200)
      .map((r) => (r.json() as { error: { code: string } }).error.code),
  });

  it('accepts one code once when it is sent in parallel to the cloud sign-in', async () => {
    const before = await moneyState(db);
    const admin = people.admin;
    // A fresh code nobody used yet: forget the step createPeople's sign-in used.
    await db.pool.query('UPDATE accounts SET totp_last_step = NULL WHERE id = $1', [admin.id]);
    const code = currentTotpCode(admin.totpBase32 ?? '');
    const responses = await Promise.all(
      Array.from({ length: parallel }, (_, i) =>
        app.inject({
          method: 'POST',
          url: '/v1/auth/sign-in',
          remoteAddress: `198.51.100.${String(i + 1)}`,
          payload: { email: admin.email, password, totpCode: code },
        }),
      ),
    );
    const result = outcomes(responses);
    expect(result.ok, `parallel sign-ins with one code: ${JSON.stringify(result.codes)}`).toBe(1);
    expect(result.codes).toEqual(Array.from({ length: parallel - 1 }, () => 'INVALID_CREDENTIALS'));
    // And once more, later, on its own: still refused.
    const again = await app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: admin.email, password, totpCode: code },
    });
    expect(again.statusCode).toBe(401);
    expect(await moneyState(db)).toEqual(before);
    expect((await checkLedger(db)).problems).toEqual([]);
  });

  it('accepts one code once when it is sent in parallel through a hub staff sign-in', async () => {
    const before = await moneyState(db);
    const owner = people.partnerA;
    await db.pool.query(
      'UPDATE accounts SET totp_secret_sealed = $2, totp_enabled_at = now(), totp_last_step = NULL WHERE id = $1',
      [owner.id, seal(cloud.secrets.masterKey, `totp:${owner.id}`, Buffer.from(secretBase32))],
    );
    const hub = await pairTestHub(app, people.admin, owner.id, 'Caisse course');
    const code = currentTotpCode(secretBase32);
    const responses = await Promise.all(
      Array.from({ length: parallel }, () =>
        hub.inject(app, {
          method: 'POST',
          url: '/v1/hubs/staff/sign-in',
          payload: { email: owner.email, password, totpCode: code },
        }),
      ),
    );
    const result = outcomes(responses);
    expect(result.ok, `parallel hub sign-ins with one code: ${JSON.stringify(result.codes)}`).toBe(1);
    expect(result.codes).toEqual(Array.from({ length: parallel - 1 }, () => 'INVALID_CREDENTIALS'));
    expect(await moneyState(db)).toEqual(before);
    expect((await checkLedger(db)).problems).toEqual([]);
  });
});
