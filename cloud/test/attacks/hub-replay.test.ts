// Proves that a hub's signed request cannot be reused or altered (issue 20.2): a signed push
// replayed after the window is refused (HUB_SIGNATURE_EXPIRED), the same nonce twice inside it
// is refused (HUB_REQUEST_REPLAYED, also when two copies race), a body or query changed after
// signing is refused (HUB_SIGNATURE_INVALID), and a signature made with another hub's key, or
// naming another hub, is refused; none of them moves money.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubRequestSignatureHeaders, hubSignatureWindowS } from '@ismail/shared';
import type { Database } from '../../src/platform/db/database.js';
import { HubRequestAuthenticator } from '../../src/platform/http/hub-auth.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { testBackends } from '../support/databases.js';
import { moneyState } from '../support/money-state.js';
import type { Person, Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';
import { nodeHubSigner, pairTestHub, type TestHub } from '../support/test-hub.js';

describe.each(testBackends)('replayed and altered hub requests on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let hub: TestHub;
  let other: TestHub;
  let seq = 0;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
    hub = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse 1');
    other = await pairTestHub(app, people.admin, people.partnerB.id, 'Caisse B');
  });
  afterAll(async () => {
    await cloud.close();
  });

  const pushBody = (): string =>
    JSON.stringify({
      operations: [
        {
          id: randomUUID(),
          seq: ++seq,
          type: 'wallet.cash_top_up',
          at: new Date().toISOString(),
          payload: { accountId: people.clientA.id, amountXof: 10_000 },
        },
      ],
    });
  const send = (headers: Record<string, string>, body: string, url = '/v1/hubs/sync/push') =>
    app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: body });
  const codeOf = (response: { json: <T>() => T }): string => response.json<{ error: { code: string } }>().error.code;
  const signedAt = (who: TestHub, nowS: number, body: string, url = '/v1/hubs/sync/push') => ({
    authorization: `Hub ${who.token}`,
    ...hubRequestSignatureHeaders(nodeHubSigner(who.id, who.privateKey), {
      method: 'POST',
      pathWithQuery: url,
      body,
      nowS,
    }),
  });

  it('refuses a signed push replayed after the window, and one dated too far ahead', async () => {
    const before = await moneyState(db);
    const nowS = Date.now() / 1000;
    for (const offsetS of [-(hubSignatureWindowS + 5), hubSignatureWindowS + 5, -86_400]) {
      const body = pushBody();
      const response = await send(signedAt(hub, nowS + offsetS, body), body);
      expect(response.statusCode, response.body).toBe(401);
      expect(codeOf(response)).toBe('HUB_SIGNATURE_EXPIRED');
    }
    expect(await moneyState(db)).toEqual(before);
    // The answer carries the cloud's time, so a hub whose clock drifted can correct it.
    const body = pushBody();
    const late = await send(signedAt(hub, nowS - hubSignatureWindowS - 60, body), body);
    expect(Math.abs(Date.parse(String(late.headers.date)) - Date.now())).toBeLessThan(5_000);
  });

  it('refuses the same nonce twice inside the window, one by one and in a race', async () => {
    const body = pushBody();
    const headers = signedAt(hub, Date.now() / 1000, body);
    const first = await send(headers, body);
    expect(first.statusCode, first.body).toBe(200);
    const afterFirst = await moneyState(db);
    const again = await send(headers, body);
    expect(again.statusCode).toBe(401);
    expect(codeOf(again)).toBe('HUB_REQUEST_REPLAYED');
    // Two copies of one fresh request at once: exactly one is heard.
    const racedBody = pushBody();
    const raced = signedAt(hub, Date.now() / 1000, racedBody);
    const answers = await Promise.all([send(raced, racedBody), send(raced, racedBody), send(raced, racedBody)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401, 401]);
    const afterRace = await moneyState(db);
    // Replaying the first request changed nothing after it.
    expect(afterRace.operations - afterFirst.operations).toBeLessThanOrEqual(1);
    expect((await checkLedger(db)).ok).toBe(true);
  });

  it('refuses a body, path or query changed after signing', async () => {
    const before = await moneyState(db);
    const body = pushBody();
    const headers = signedAt(hub, Date.now() / 1000, body);
    const altered = body.replace('"amountXof":10000', '"amountXof":990000');
    expect(altered).not.toBe(body);
    const changedBody = await send(headers, altered);
    expect(changedBody.statusCode).toBe(401);
    expect(codeOf(changedBody)).toBe('HUB_SIGNATURE_INVALID');
    // The digest header recomputed for the new body: the signature no longer matches it.
    const { createHash } = await import('node:crypto');
    const redigested = await send(
      {
        ...signedAt(hub, Date.now() / 1000, body),
        'content-digest': `sha-256=:${createHash('sha256').update(altered).digest('base64')}:`,
      },
      altered,
    );
    expect(codeOf(redigested)).toBe('HUB_SIGNATURE_INVALID');
    const shapeHeaders = {
      authorization: `Hub ${hub.token}`,
      ...hubRequestSignatureHeaders(nodeHubSigner(hub.id, hub.privateKey), {
        method: 'GET',
        pathWithQuery: '/v1/hubs/shape?table=shop_products&offset=-1',
        nowS: Date.now() / 1000,
      }),
    };
    const otherQuery = await app.inject({
      method: 'GET',
      url: '/v1/hubs/shape?table=booking_units&offset=-1',
      headers: shapeHeaders,
    });
    expect(codeOf(otherQuery)).toBe('HUB_SIGNATURE_INVALID');
    const otherPath = await app.inject({
      method: 'GET',
      url: '/v1/hubs/policy?table=shop_products&offset=-1',
      headers: shapeHeaders,
    });
    expect(codeOf(otherPath)).toBe('HUB_SIGNATURE_INVALID');
    const otherMethod = await app.inject({
      method: 'POST',
      url: '/v1/hubs/shape?table=shop_products&offset=-1',
      headers: shapeHeaders,
    });
    expect(otherMethod.statusCode).toBeGreaterThanOrEqual(400);
    expect(otherMethod.statusCode).toBeLessThan(500);
    expect(await moneyState(db)).toEqual(before);
  });

  it("refuses another hub's key, and a signature naming another hub", async () => {
    const before = await moneyState(db);
    const body = pushBody();
    // Hub A's token, signed by hub B's key under hub A's id.
    const wrongKey = {
      authorization: `Hub ${hub.token}`,
      ...hubRequestSignatureHeaders(nodeHubSigner(hub.id, other.privateKey), {
        method: 'POST',
        pathWithQuery: '/v1/hubs/sync/push',
        body,
        nowS: Date.now() / 1000,
      }),
    };
    const refused = await send(wrongKey, body);
    expect(refused.statusCode).toBe(401);
    expect(codeOf(refused)).toBe('HUB_SIGNATURE_INVALID');
    // Hub B signs correctly as itself but carries hub A's token: the two do not name one hub.
    const mixed = { ...signedAt(other, Date.now() / 1000, body), authorization: `Hub ${hub.token}` };
    const mixedAnswer = await send(mixed, body);
    expect(mixedAnswer.statusCode).toBe(401);
    // An unknown hub id, and a revoked hub signing correctly.
    const stranger = {
      authorization: `Hub ${hub.token}`,
      ...hubRequestSignatureHeaders(nodeHubSigner(randomUUID(), hub.privateKey), {
        method: 'POST',
        pathWithQuery: '/v1/hubs/sync/push',
        body,
        nowS: Date.now() / 1000,
      }),
    };
    expect((await send(stranger, body)).statusCode).toBe(401);
    await db.pool.query("UPDATE hubs SET status = 'revoked', token_hash = NULL WHERE id = $1", [other.id]);
    const revoked = await other.inject(app, {
      method: 'POST',
      url: '/v1/hubs/sync/push',
      payload: JSON.parse(body) as unknown,
    });
    expect(revoked.statusCode).toBe(401);
    expect(await moneyState(db)).toEqual(before);
    expect((await checkLedger(db)).ok).toBe(true);
  });

  it("bounds a hub's signed requests per minute before they spend a nonce", async () => {
    const authenticator = new HubRequestAuthenticator(db, { requestsPerMinuteMax: 3 });
    const request = () => ({ method: 'GET', url: '/v1/hubs/policy', headers: hub.headers('GET', '/v1/hubs/policy') });
    for (let i = 0; i < 3; i++) expect((await authenticator.authenticate(request())).hub.id).toBe(hub.id);
    const nonces = async () =>
      Number(
        (await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM hub_request_nonces WHERE hub_id = $1', [hub.id]))
          .rows[0]?.n,
      );
    const kept = await nonces();
    await expect(authenticator.authenticate(request())).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(await nonces()).toBe(kept);
  });
});
