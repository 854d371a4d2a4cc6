// Attack: keep using a session after it should have ended. A cashier removed by the partner
// (suspended) keeps an access token (15 min) and an open notification screen; someone who
// signed out leaves a screen open on a shared computer. Proves: a removal refuses the token
// at once in this process and the screen closes at once; a suspension this process did not
// see (another cloud process, a database change) refuses the token within 60 s (fake clock)
// and closes its screens within the re-check period (300 ms in a second process here);
// a sign-out closes that session's screens at once and refuses its access token, as does a
// reused refresh token for its whole family; no money moves.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Database } from '../../src/platform/db/database.js';
import { buildCloudApp } from '../../src/app.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { testBackends } from '../support/databases.js';
import { moneyState } from '../support/money-state.js';
import { bearer, password, type Person, type Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';

/** A screen on the notification stream: resolves `closed` with the close code when the cloud closes it. */
async function openScreen(url: string, token: string): Promise<{ closed: Promise<number>; isOpen: () => boolean }> {
  const socket = new WebSocket(url, ['bearer', token]);
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.on('message', (data: Buffer) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'ready') resolve();
    });
    socket.on('error', reject);
    void closed.then((code) => reject(new Error(`closed before ready (${String(code)})`)));
  });
  return { closed, isOpen: () => socket.readyState === WebSocket.OPEN };
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms))]);

describe.each(testBackends)('sessions that must end on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let streamUrl: string;
  /** A second cloud process on the same database that re-checks sessions every 300 ms (instead of 30 s). */
  let quickProcess: FastifyInstance;
  let quickStreamUrl: string;
  let nowMs = Date.now();

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { sessions: { now: () => nowMs } });
    ({ db, app, people } = cloud);
    const address = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
    streamUrl = `ws://127.0.0.1:${address.port || String((app.server.address() as AddressInfo).port)}/v1/notifications/stream`;
    quickProcess = await buildCloudApp({
      schemaCompilation: 'on-first-use',
      db,
      logLevel: 'error',
      ...cloud.secrets,
      sessions: { maxAgeMs: 300 },
    });
    quickStreamUrl = `${(await quickProcess.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws')}/v1/notifications/stream`;
  });
  afterAll(async () => {
    await quickProcess.close();
    await cloud.close();
  });

  const me = (token: string) =>
    app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
  const errorCode = (response: { json: () => unknown }): string =>
    (response.json() as { error: { code: string } }).error.code;
  const expectSessionEnded = async (token: string): Promise<void> => {
    const refused = await me(token);
    expect(refused.statusCode).toBe(401);
    expect(errorCode(refused)).toBe('SESSION_ENDED');
  };

  it('refuses a removed cashier’s token and closes its screen at once', async () => {
    const before = await moneyState(db);
    const cashier = people.staffA;
    expect((await me(cashier.token)).statusCode).toBe(200);
    const screen = await openScreen(streamUrl, cashier.token);
    const removed = await app.inject({
      method: 'DELETE',
      url: `/v1/accounts/${people.partnerA.id}/staff/${cashier.id}`,
      headers: bearer(people.partnerA),
    });
    expect(removed.statusCode).toBe(200);
    await expectSessionEnded(cashier.token);
    expect(await within(screen.closed, 2_000)).toBe(4001);
    expect(await moneyState(db)).toEqual(before);
    expect((await checkLedger(db)).problems).toEqual([]);
  });

  it('refuses the token of an account suspended behind this process’s back within 60 s', async () => {
    const client = people.clientA;
    expect((await me(client.token)).statusCode).toBe(200);
    // Another cloud process (or an operator in the database) suspends the account: this one was not told.
    await db.pool.query("UPDATE accounts SET status = 'suspended' WHERE id = $1", [client.id]);
    const started = nowMs;
    let refusedAfterMs: number | null = null;
    for (let elapsed = 0; elapsed <= 90_000; elapsed += 5_000) {
      nowMs = started + elapsed;
      const response = await me(client.token);
      if (response.statusCode === 401) {
        expect(errorCode(response)).toBe('SESSION_ENDED');
        refusedAfterMs = elapsed;
        break;
      }
    }
    expect(refusedAfterMs, 'the suspended account’s token was still accepted after 90 s').not.toBeNull();
    expect(refusedAfterMs).toBeLessThanOrEqual(60_000);
    // Its refresh token does not bring it back either.
    const refreshed = await app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: client.refreshToken },
    });
    expect(refreshed.statusCode).toBe(401);
  });

  it('closes, within its re-check period, a screen whose account was suspended by another process', async () => {
    const rep = people.repB;
    const screen = await openScreen(quickStreamUrl, rep.token);
    await db.pool.query("UPDATE accounts SET status = 'suspended' WHERE id = $1", [rep.id]);
    expect(await within(screen.closed, 2_000)).toBe(4001);
  });

  it('refuses at once the access tokens of a session family ended by a reused refresh token', async () => {
    const first = await app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: people.partnerB.email, password },
    });
    const stolen = first.json<{ refreshToken: string }>().refreshToken;
    const rotated = await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: stolen } });
    const current = rotated.json<{ accessToken: string }>().accessToken;
    expect((await me(current)).statusCode).toBe(200);
    const reused = await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: stolen } });
    expect(errorCode(reused)).toBe('REFRESH_TOKEN_REUSED');
    await expectSessionEnded(current);
  });

  it('closes the screens of a session at once when it signs out, and refuses its access token', async () => {
    const holder = people.clientB;
    const other = await app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: holder.email, password },
    });
    expect(other.statusCode).toBe(200);
    const otherToken = other.json<{ accessToken: string }>().accessToken;
    const screen = await openScreen(streamUrl, holder.token);
    const otherScreen = await openScreen(streamUrl, otherToken);
    const signedOut = await app.inject({ method: 'POST', url: '/v1/auth/sign-out', headers: bearer(holder) });
    expect(signedOut.statusCode).toBe(204);
    expect(await within(screen.closed, 2_000)).toBe(4001);
    await expectSessionEnded(holder.token);
    // The same person's other session (another device) is not signed out.
    expect(otherScreen.isOpen()).toBe(true);
    expect((await me(otherToken)).statusCode).toBe(200);
  });
});
