// Proves the payments module over HTTP: mobile-money top-ups against the Wave and MTN MoMo
// simulators (real HTTP, signed and
// duplicated webhooks): credits are granted once, only after a success the cloud read itself;
// a forged, stale or replayed webhook grants nothing.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startMomoSimulator,
  startWaveSimulator,
  waveSignature,
  type MomoSimulator,
  type WaveSimulator,
} from '@ismail/firmware-sim';
import type { Database } from '../src/platform/db/database.js';
import { MomoProvider, type MomoConfig } from '../src/modules/payments/momo.js';
import { WaveProvider } from '../src/modules/payments/wave.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';

const wave = { apiKey: 'wave_ci_test_key_0123456789', signingSecret: 'wave_signing_secret_0123456789' };
const momo = {
  subscriptionKey: 'momo-subscription-0123456789',
  apiUser: randomUUID(),
  apiKey: 'momo-api-key-0123456789',
};

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(testBackends)('mobile-money top-ups on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let cloudUrl: string;
  let waveSim: WaveSimulator;
  let momoSim: MomoSimulator;

  beforeAll(async () => {
    waveSim = await startWaveSimulator({ port: 0, ...wave, duplicateDeliveries: 2, webhookDelayMs: 20 });
    momoSim = await startMomoSimulator({ port: 0, ...momo, approvalDelayMs: 100 });
    const momoConfig: { -readonly [K in keyof MomoConfig]: MomoConfig[K] } = {
      baseUrl: momoSim.url,
      ...momo,
      targetEnvironment: 'mtnivorycoast',
    };
    cloud = await openTestCloud(backend, {
      paymentProviders: {
        wave: new WaveProvider({
          baseUrl: waveSim.url,
          ...wave,
          successUrl: 'http://127.0.0.1/ok',
          errorUrl: 'http://127.0.0.1/error',
        }),
        momo: new MomoProvider(momoConfig),
      },
    });
    ({ db, app, people } = cloud);
    cloudUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    waveSim.setWebhookUrl(`${cloudUrl}/v1/payments/wave/webhook`);
    momoConfig.callbackBaseUrl = `${cloudUrl}/v1/payments/momo/callback`;
  });
  afterAll(async () => {
    await cloud.close();
    await waveSim.close();
    await momoSim.close();
  });

  const post = (person: Person, url: string, payload: object, key: string | null = randomUUID()) =>
    app.inject({
      method: 'POST',
      url,
      payload,
      headers: { ...bearer(people[person]), ...(key === null ? {} : { 'idempotency-key': key }) },
    });
  const balance = async (person: Person): Promise<number> =>
    (await app.inject({ method: 'GET', url: '/v1/wallet', headers: bearer(people[person]) })).json<{
      availableCentiCredits: number;
    }>().availableCentiCredits;

  it('grants a Wave top-up once despite duplicate webhooks, and never for a forged, stale or replayed one', async () => {
    const before = await balance('clientB');
    const started = await post('clientB', '/v1/wallet/top-ups/mobile-money', { provider: 'wave', amountXof: 5_000 });
    expect(started.statusCode).toBe(201);
    const topUp = started.json<{ paymentId: string; redirectUrl: string; status: string; centiCredits: number }>();
    expect(topUp).toMatchObject({ status: 'pending', centiCredits: 10_000 });
    const sessionId = topUp.redirectUrl.split('/pay/')[1] ?? '';

    // A forged "completed" event: wrong secret. Refused before anything is looked up.
    const forgedBody = JSON.stringify({
      id: 'EV_forged',
      type: 'checkout.session.completed',
      data: { id: sessionId, client_reference: topUp.paymentId },
    });
    const forged = await fetch(`${cloudUrl}/v1/payments/wave/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'wave-signature': waveSignature('not-the-secret', Math.floor(Date.now() / 1000), forgedBody),
      },
      body: forgedBody,
    });
    expect(forged.status).toBe(401);
    // Even correctly signed, an event about an unpaid session grants nothing: the cloud asks Wave.
    const early = await fetch(`${cloudUrl}/v1/payments/wave/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'wave-signature': waveSignature(wave.signingSecret, Math.floor(Date.now() / 1000), forgedBody),
      },
      body: forgedBody,
    });
    expect(await early.json()).toMatchObject({ outcome: 'settled', status: 'pending' });
    expect(await balance('clientB')).toBe(before);

    // The payer pays; Wave delivers the event three times (one plus two duplicates).
    expect(
      (
        await fetch(`${waveSim.url}/pay/${sessionId}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ outcome: 'succeed' }),
        })
      ).status,
    ).toBe(200);
    const delivered = await eventually(
      async () => waveSim.deliveries().filter((d) => d.status === 200),
      (d) => d.length >= 3,
    );
    expect(delivered.length).toBeGreaterThanOrEqual(3);
    expect(new Set(delivered.map((d) => d.eventId)).size).toBe(1);
    expect(await balance('clientB')).toBe(before + 10_000);
    const view = await app.inject({
      method: 'GET',
      url: `/v1/wallet/top-ups/${topUp.paymentId}`,
      headers: bearer(people.clientB),
    });
    expect(view.json()).toMatchObject({ status: 'succeeded', amountXof: 5_000 });

    // The genuine event replayed later: stale signature refused; fresh signature is a known event or a no-op.
    const session = await (
      await fetch(`${waveSim.url}/v1/checkout/sessions/${sessionId}`, {
        headers: { authorization: `Bearer ${wave.apiKey}` },
      })
    ).json();
    const eventId = delivered[0]?.eventId ?? '';
    const genuineBody = JSON.stringify({ id: eventId, type: 'checkout.session.completed', data: session });
    const stale = await fetch(`${cloudUrl}/v1/payments/wave/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'wave-signature': waveSignature(wave.signingSecret, Math.floor(Date.now() / 1000) - 600, genuineBody),
      },
      body: genuineBody,
    });
    expect(stale.status).toBe(401);
    for (const id of [eventId, 'EV_late_duplicate']) {
      const body = JSON.stringify({ id, type: 'checkout.session.completed', data: session });
      const late = await fetch(`${cloudUrl}/v1/payments/wave/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'wave-signature': waveSignature(wave.signingSecret, Math.floor(Date.now() / 1000), body),
        },
        body,
      });
      expect(late.status).toBe(200);
    }
    expect(await balance('clientB')).toBe(before + 10_000);
    const grants = await db.pool.query(
      "SELECT count(*)::int AS n FROM ledger_operations WHERE kind = 'buy_credits_mobile_money' AND scope = 'provider:wave'",
    );
    expect(grants.rows[0]).toEqual({ n: 1 });
  });

  it('grants an MTN MoMo top-up after the cloud reads SUCCESSFUL, and nothing on a refused payment', async () => {
    const before = await balance('clientA');
    const ok = (
      await post('clientA', '/v1/wallet/top-ups/mobile-money', {
        provider: 'momo',
        amountXof: 2_000,
        payerMsisdn: '2250700000000',
      })
    ).json<{ paymentId: string; status: string }>();
    const refused = (
      await post('clientA', '/v1/wallet/top-ups/mobile-money', {
        provider: 'momo',
        amountXof: 3_000,
        payerMsisdn: '2250700000001',
      })
    ).json<{ paymentId: string }>();
    expect(ok.status).toBe('pending');
    const read = (id: string) => async () =>
      (await app.inject({ method: 'GET', url: `/v1/wallet/top-ups/${id}`, headers: bearer(people.clientA) })).json<{
        status: string;
        failure: string | null;
      }>();
    expect(await eventually(read(ok.paymentId), (v) => v.status !== 'pending')).toMatchObject({ status: 'succeeded' });
    expect(await eventually(read(refused.paymentId), (v) => v.status !== 'pending')).toMatchObject({
      status: 'failed',
      failure: 'NOT_ENOUGH_FUNDS',
    });
    expect(await balance('clientA')).toBe(before + 4_000);
    // MTN's unsigned callback cannot grant anything by itself: a forged one is a no-op.
    const forged = await fetch(`${cloudUrl}/v1/payments/momo/callback/${refused.paymentId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'SUCCESSFUL' }),
    });
    expect(forged.status).toBe(200);
    expect(await balance('clientA')).toBe(before + 4_000);
    // Someone else cannot read my top-up.
    expect(
      (await app.inject({ method: 'GET', url: `/v1/wallet/top-ups/${ok.paymentId}`, headers: bearer(people.clientB) }))
        .statusCode,
    ).toBe(404);
  });
});
