// Proves Orange Money top-ups over HTTP against the Orange Money simulator (real HTTP, unsigned
// notifications): a notification counts only with the notif_token Orange gave for that payment,
// and even then credits come only from the transaction status the cloud reads itself, once,
// whether the notification comes twice, concurrently, late or never.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrangeMoneySimulator, type OrangeMoneySimulator } from '@ismail/firmware-sim';
import type { Database } from '../src/platform/db/database.js';
import { OrangeMoneyProvider, type OrangeMoneyConfig } from '../src/modules/payments/orange.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';

const orange = {
  clientId: 'orange-money-test-client',
  clientSecret: 'orange-money-test-secret-0123456789',
  merchantKey: 'om-test-merchant-key-0123456789',
};

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface TopUp {
  paymentId: string;
  provider: string;
  status: string;
  centiCredits: number;
  redirectUrl: string;
  failure: string | null;
}

describe.each(testBackends)('Orange Money top-ups on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let cloudUrl: string;
  let sim: OrangeMoneySimulator;

  beforeAll(async () => {
    // One duplicate of every notification: the cloud must not care how many arrive.
    sim = await startOrangeMoneySimulator({ port: 0, ...orange, duplicateNotifications: 1, notificationDelayMs: 20 });
    const config: { -readonly [K in keyof OrangeMoneyConfig]: OrangeMoneyConfig[K] } = {
      baseUrl: sim.url,
      ...orange,
      country: 'ci',
      returnUrl: 'http://127.0.0.1/ok',
      cancelUrl: 'http://127.0.0.1/cancel',
      notifBaseUrl: 'http://127.0.0.1:9/unset',
    };
    cloud = await openTestCloud(backend, { paymentProviders: { orange: new OrangeMoneyProvider(config) } });
    ({ db, app, people } = cloud);
    cloudUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    config.notifBaseUrl = `${cloudUrl}/v1/payments/orange/notification`;
  });
  afterAll(async () => {
    await cloud.close();
    await sim.close();
  });

  const startTopUp = async (person: Person, amountXof: number): Promise<TopUp> => {
    const started = await app.inject({
      method: 'POST',
      url: '/v1/wallet/top-ups/mobile-money',
      payload: { provider: 'orange', amountXof },
      headers: { ...bearer(people[person]), 'idempotency-key': randomUUID() },
    });
    expect(started.statusCode).toBe(201);
    return started.json<TopUp>();
  };
  const balance = async (person: Person): Promise<number> =>
    (await app.inject({ method: 'GET', url: '/v1/wallet', headers: bearer(people[person]) })).json<{
      availableCentiCredits: number;
    }>().availableCentiCredits;
  /** The stored row, read without asking Orange (GET on the top-up would settle it). */
  const stored = async (paymentId: string): Promise<{ status: string; failure: string | null }> =>
    (
      await db.pool.query<{ status: string; failure: string | null }>(
        'SELECT status, failure FROM mobile_money_payments WHERE id = $1',
        [paymentId],
      )
    ).rows[0] ?? { status: 'missing', failure: null };
  const payToken = (topUp: TopUp): string => topUp.redirectUrl.split('/pay_token/')[1] ?? '';
  /** Orange's own notifications (not those sent on demand) about this top-up that its receiver took. */
  const received = (topUp: TopUp) => async () => {
    const orderId = sim.payments().find((p) => p.payToken === payToken(topUp))?.orderId;
    return sim.notifications().filter((n) => n.orderId === orderId && n.copy >= 0 && n.status === 200);
  };
  const payerDecides = async (topUp: TopUp, outcome: 'succeed' | 'fail'): Promise<void> => {
    const answer = await fetch(topUp.redirectUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome }),
    });
    expect(answer.status).toBe(200);
  };
  const notify = (paymentId: string, body: object) =>
    fetch(`${cloudUrl}/v1/payments/orange/notification/${paymentId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const grants = async (providerRef: string): Promise<number> =>
    (
      await db.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM ledger_operations WHERE kind = 'buy_credits_mobile_money' AND scope = 'provider:orange' AND facts->>'providerRef' = $1",
        [providerRef],
      )
    ).rows[0]?.n ?? -1;

  it('refuses a notification whose notif_token is not the one Orange gave for that payment', async () => {
    const before = await balance('clientA');
    const topUp = await startTopUp('clientA', 1_000);
    const other = await startTopUp('clientA', 1_000);
    // A forger who knows the payment id: a made-up token, then another payment's genuine token.
    const madeUp = await notify(topUp.paymentId, { status: 'SUCCESS', notif_token: 'a'.repeat(32), txnid: 'MP1' });
    expect(madeUp.status).toBe(401);
    expect(await sim.sendNotification(payToken(other), { status: 'SUCCESS' })).toBe(200);
    const otherToken =
      sim
        .notifications()
        .filter((n) => n.copy === -1)
        .at(-1)?.body.notif_token ?? '';
    const crossed = await notify(topUp.paymentId, { status: 'SUCCESS', notif_token: otherToken, txnid: 'MP2' });
    expect(crossed.status).toBe(401);
    const missing = await notify(topUp.paymentId, { status: 'SUCCESS', txnid: 'MP3' });
    expect(missing.status).toBe(400);
    // The payer pays; a forged notification still proves nothing, and nothing was granted by it.
    sim.holdNotifications();
    await payerDecides(topUp, 'succeed');
    expect((await notify(topUp.paymentId, { status: 'SUCCESS', notif_token: otherToken, txnid: 'x' })).status).toBe(
      401,
    );
    expect(await stored(topUp.paymentId)).toMatchObject({ status: 'pending' });
    expect(await balance('clientA')).toBe(before);
    // The genuine notification, late: now the cloud asks Orange and grants 20 credits.
    sim.releaseNotifications();
    expect(
      await eventually(
        () => stored(topUp.paymentId),
        (row) => row.status !== 'pending',
      ),
    ).toMatchObject({
      status: 'succeeded',
    });
    expect(await balance('clientA')).toBe(before + 2_000);
  });

  it('grants nothing on a genuine-token notification claiming success while Orange says pending or failed', async () => {
    const before = await balance('clientB');
    const topUp = await startTopUp('clientB', 1_000);
    // Orange's own token, but the payer has not paid: the status read says INITIATED.
    expect(await sim.sendNotification(payToken(topUp), { status: 'SUCCESS', txnid: 'MP-FAKE' })).toBe(200);
    expect(await stored(topUp.paymentId)).toMatchObject({ status: 'pending' });
    expect(await balance('clientB')).toBe(before);
    // The payer refuses; a notification still claiming SUCCESS settles the top-up as failed.
    sim.holdNotifications();
    await payerDecides(topUp, 'fail');
    expect(await sim.sendNotification(payToken(topUp), { status: 'SUCCESS', txnid: 'MP-FAKE' })).toBe(200);
    expect(await stored(topUp.paymentId)).toMatchObject({ status: 'failed', failure: 'FAILED' });
    expect(await balance('clientB')).toBe(before);
    sim.releaseNotifications();
  });

  it('credits a 1,000 FCFA top-up with 20 credits exactly once though notifications come twice and concurrently', async () => {
    const before = await balance('clientB');
    const topUp = await startTopUp('clientB', 1_000);
    // SPEC 3.1: 1 credit = 50 FCFA in Côte d'Ivoire; the ledger counts hundredths of a credit.
    expect(topUp).toMatchObject({ provider: 'orange', status: 'pending', centiCredits: 2_000 });
    await payerDecides(topUp, 'succeed');
    // Orange's two copies, and five more fired at once with the genuine token.
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => sim.sendNotification(payToken(topUp))));
    expect(concurrent).toEqual([200, 200, 200, 200, 200]);
    const delivered = await eventually(received(topUp), (list) => list.length >= 2);
    expect(delivered.length).toBe(2);
    expect(await balance('clientB')).toBe(before + 2_000);
    expect(await grants(payToken(topUp))).toBe(1);
    const view = await app.inject({
      method: 'GET',
      url: `/v1/wallet/top-ups/${topUp.paymentId}`,
      headers: bearer(people.clientB),
    });
    expect(view.json()).toMatchObject({ status: 'succeeded', amountXof: 1_000, centiCredits: 2_000 });
  });

  it('settles by polling a payment whose notification never came', async () => {
    const before = await balance('clientA');
    sim.holdNotifications();
    const topUp = await startTopUp('clientA', 1_000);
    await payerDecides(topUp, 'succeed');
    expect(await stored(topUp.paymentId)).toMatchObject({ status: 'pending' });
    // The poller asks about top-ups older than a few seconds: make this one so.
    await db.pool.query("UPDATE mobile_money_payments SET created_at = now() - interval '1 minute' WHERE id = $1", [
      topUp.paymentId,
    ]);
    expect(await app.payments.topUps.settlePending()).toBeGreaterThanOrEqual(1);
    expect(await stored(topUp.paymentId)).toMatchObject({ status: 'succeeded' });
    expect(await balance('clientA')).toBe(before + 2_000);
    // The notification, very late: nothing more.
    sim.releaseNotifications();
    expect((await eventually(received(topUp), (list) => list.length >= 2)).length).toBe(2);
    expect(await balance('clientA')).toBe(before + 2_000);
    expect(await grants(payToken(topUp))).toBe(1);
  });

  it('leaves the ledger clean, and the simulator refuses calls without a live token or with a reused order_id', async () => {
    const report = await checkLedger(db);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const api = `${sim.url}/orange-money-webpay/ci/v1`;
    const noToken = await fetch(`${api}/webpayment`, { method: 'POST', body: '{}' });
    expect(noToken.status).toBe(401);
    const basic = Buffer.from(`${orange.clientId}:${orange.clientSecret}`).toString('base64');
    const tokenAnswer = await fetch(`${sim.url}/oauth/v3/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const { access_token: accessToken } = (await tokenAnswer.json()) as { access_token: string };
    const init = {
      merchant_key: orange.merchantKey,
      currency: 'XOF',
      order_id: 'TEST-REUSED-1',
      amount: 1000,
      return_url: 'http://127.0.0.1/ok',
      cancel_url: 'http://127.0.0.1/cancel',
      notif_url: 'http://127.0.0.1:9/notify',
      lang: 'fr',
      reference: 'test',
    };
    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const first = await fetch(`${api}/webpayment`, { method: 'POST', headers, body: JSON.stringify(init) });
    expect(first.status).toBe(201);
    const again = await fetch(`${api}/webpayment`, { method: 'POST', headers, body: JSON.stringify(init) });
    expect(again.status).toBe(409);
    const { pay_token: payTokenValue } = (await first.json()) as { pay_token: string };
    // A status is answered only for the exact order_id, amount and pay_token.
    const status = (amount: number) =>
      fetch(`${api}/transactionstatus`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ order_id: init.order_id, amount, pay_token: payTokenValue }),
      });
    expect(await (await status(1000)).json()).toMatchObject({ status: 'INITIATED', order_id: init.order_id });
    expect((await status(100)).status).toBe(404);
    const wrongMerchant = { ...init, order_id: 'TEST-OTHER-1', merchant_key: 'not-our-merchant-key' };
    expect(
      (await fetch(`${api}/webpayment`, { method: 'POST', headers, body: JSON.stringify(wrongMerchant) })).status,
    ).toBe(403);
    const wrongSecret = Buffer.from(`${orange.clientId}:not-the-secret`).toString('base64');
    const refusedToken = await fetch(`${sim.url}/oauth/v3/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${wrongSecret}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(refusedToken.status).toBe(401);
  });
});
