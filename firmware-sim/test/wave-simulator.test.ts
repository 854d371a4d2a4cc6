// Proves the simulated Wave Checkout API behaves like Wave over real HTTP: API-key auth,
// idempotent creates, expiry, a customer page, and signed webhooks that arrive more than
// once and are retried, with signatures checked here independently with node:crypto.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startWaveSimulator,
  waveSignature,
  type WaveEvent,
  type WaveSession,
  type WaveSimulator,
  type WaveSimulatorOptions,
} from '../src/payments/wave.js';
import { closedPort, sleep, startReceiver, until, type Receiver } from './support/receiver.js';

const apiKey = 'wave_ci_test_key_123';
const signingSecret = 'wave_test_signing_secret';

const toClose: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of toClose.splice(0).reverse()) await item.close();
});

async function simulator(options: Partial<WaveSimulatorOptions> = {}): Promise<WaveSimulator> {
  const wave = await startWaveSimulator({ apiKey, signingSecret, webhookDelayMs: 10, ...options });
  toClose.push(wave);
  return wave;
}

async function receiver(statuses: readonly number[] = []): Promise<Receiver> {
  const started = await startReceiver(statuses);
  toClose.push(started);
  return started;
}

const createBody = {
  amount: '15000',
  currency: 'XOF',
  success_url: 'https://shop.example/ok',
  error_url: 'https://shop.example/ko',
  client_reference: 'sale-42',
};

async function call(
  wave: WaveSimulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${wave.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

async function createSession(wave: WaveSimulator, body: unknown = createBody): Promise<WaveSession> {
  const created = await call(wave, 'POST', '/v1/checkout/sessions', body);
  expect(created.status).toBe(200);
  return created.json as WaveSession;
}

const pay = (url: string, outcome: string): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome }) });

/** Verifies a Wave-Signature header the way a receiver must, without the simulator's helper. */
function verifySignature(header: string, rawBody: string, secret: string): { valid: boolean; t: number } {
  const parts = new Map(
    header.split(',').map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)]),
  );
  const t = parts.get('t') ?? '';
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  const expected = createHmac('sha256', secret)
    .update(t + rawBody)
    .digest();
  return { valid: given.length === expected.length && timingSafeEqual(given, expected), t: Number(t) };
}

describe('simulated Wave Checkout API', () => {
  it('creates a session, takes a payment on the customer page and sends a webhook whose signature verifies', async () => {
    const hook = await receiver();
    const wave = await simulator({ webhookUrl: hook.url });
    const session = await createSession(wave);
    expect(session).toMatchObject({
      amount: '15000',
      currency: 'XOF',
      business_name: 'ISMAIL SIM',
      checkout_status: 'open',
      payment_status: 'processing',
      transaction_id: null,
      client_reference: 'sale-42',
      wave_launch_url: `${wave.url}/pay/${session.id}`,
      when_completed: null,
      last_payment_error: null,
    });
    expect(session.id).toMatch(/^cos-[0-9a-z]+$/);
    expect(Date.parse(session.when_expires) - Date.parse(session.when_created)).toBe(30 * 60 * 1000);

    const page = await fetch(session.wave_launch_url);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('name="outcome" value="succeed"');

    const paid = await pay(session.wave_launch_url, 'succeed');
    expect(paid.status).toBe(200);
    const { session: completed } = (await paid.json()) as { session: WaveSession };
    expect(completed).toMatchObject({ id: session.id, checkout_status: 'complete', payment_status: 'succeeded' });
    expect(completed.transaction_id).toMatch(/^T_/);
    expect(completed.when_completed).not.toBeNull();

    const [first] = await hook.waitFor(1, 5000);
    if (first === undefined) throw new Error('no webhook');
    expect(first.method).toBe('POST');
    expect(first.headers['content-type']).toBe('application/json');
    const header = first.headers['wave-signature'];
    expect(typeof header).toBe('string');
    const checked = verifySignature(String(header), first.rawBody, signingSecret);
    expect(checked.valid).toBe(true);
    expect(Math.abs(checked.t - Date.now() / 1000)).toBeLessThan(300);
    expect(verifySignature(String(header), first.rawBody, 'another secret').valid).toBe(false);
    expect(waveSignature(signingSecret, checked.t, first.rawBody)).toBe(header);
    const event = JSON.parse(first.rawBody) as WaveEvent;
    expect(event.id).toMatch(/^EV_/);
    expect(event.type).toBe('checkout.session.completed');
    expect(event.data).toEqual(completed);

    const fetched = await call(wave, 'GET', `/v1/checkout/sessions/${session.id}`);
    expect(fetched).toEqual({ status: 200, json: completed });
  });

  it('delivers each event again with the same id and body (duplicates are normal)', async () => {
    const hook = await receiver();
    const wave = await simulator({ webhookUrl: hook.url, duplicateDeliveries: 2 });
    const session = await createSession(wave);
    expect((await pay(session.wave_launch_url, 'fail')).status).toBe(200);
    const deliveries = await hook.waitFor(3, 5000);
    const bodies = new Set(deliveries.map((d) => d.rawBody));
    expect(bodies.size).toBe(1);
    const event = JSON.parse(deliveries[0]?.rawBody ?? '{}') as WaveEvent;
    expect(event.type).toBe('checkout.session.payment_failed');
    expect(event.data.last_payment_error).toEqual({ code: 'insufficient-funds', message: expect.any(String) });
    for (const delivery of deliveries)
      expect(verifySignature(String(delivery.headers['wave-signature']), delivery.rawBody, signingSecret).valid).toBe(
        true,
      );
    await until(() => wave.deliveries().length === 3, 2000);
    expect(wave.deliveries().map((d) => [d.eventId, d.copy, d.attempt, d.status])).toEqual([
      [event.id, 0, 1, 200],
      [event.id, 1, 1, 200],
      [event.id, 2, 1, 200],
    ]);
    // A failed attempt leaves the session open: the customer may try again and succeed.
    const retried = await pay(session.wave_launch_url, 'succeed');
    expect(retried.status).toBe(200);
  });

  it('retries a receiver that answers 500, with growing backoff, until it answers 2xx', async () => {
    const hook = await receiver([500, 500]);
    const wave = await simulator({ webhookUrl: hook.url, duplicateDeliveries: 0 });
    const session = await createSession(wave);
    await pay(session.wave_launch_url, 'succeed');
    const attempts = await hook.waitFor(3, 5000);
    expect(new Set(attempts.map((a) => a.rawBody)).size).toBe(1);
    const [a, b, c] = attempts.map((attempt) => attempt.atMs);
    expect((b ?? 0) - (a ?? 0)).toBeGreaterThanOrEqual(90);
    expect((c ?? 0) - (b ?? 0)).toBeGreaterThanOrEqual(190);
    await until(() => wave.deliveries().length === 3, 2000);
    expect(wave.deliveries().map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    await sleep(300);
    expect(hook.received).toHaveLength(3);
  });

  it('gives up after five attempts when nothing answers, logging each as a network error', async () => {
    const wave = await simulator({
      webhookUrl: `http://127.0.0.1:${String(await closedPort())}/hook`,
      duplicateDeliveries: 0,
    });
    const session = await createSession(wave);
    await pay(session.wave_launch_url, 'succeed');
    await until(() => wave.deliveries().length === 5, 5000);
    await sleep(200);
    expect(wave.deliveries().map((d) => [d.attempt, d.status])).toEqual(
      [1, 2, 3, 4, 5].map((attempt) => [attempt, 'network-error']),
    );
  });

  it('sends webhooks to a URL set after start', async () => {
    const wave = await simulator({ duplicateDeliveries: 0 });
    const before = await createSession(wave);
    await pay(before.wave_launch_url, 'succeed');
    await sleep(50);
    expect(wave.deliveries()).toEqual([]);
    const hook = await receiver();
    wave.setWebhookUrl(hook.url);
    const after = await createSession(wave);
    await pay(after.wave_launch_url, 'succeed');
    const [delivery] = await hook.waitFor(1, 5000);
    expect((JSON.parse(delivery?.rawBody ?? '{}') as WaveEvent).data.id).toBe(after.id);
  });

  it('refuses a wrong or missing API key with 401 no-matching-api-key', async () => {
    const wave = await simulator();
    for (const headers of [
      { authorization: 'Bearer wave_ci_wrong' },
      { authorization: '' },
      { authorization: `Basic ${apiKey}` },
    ]) {
      const refused = await call(wave, 'POST', '/v1/checkout/sessions', createBody, headers);
      expect(refused).toEqual({ status: 401, json: { code: 'no-matching-api-key', message: expect.any(String) } });
    }
    expect(
      (await call(wave, 'GET', '/v1/checkout/sessions/cos-x', undefined, { authorization: 'Bearer nope' })).status,
    ).toBe(401);
  });

  it('replays an Idempotency-Key with the same body and refuses it with another body (409)', async () => {
    const wave = await simulator();
    const headers = { 'idempotency-key': 'sale-42-attempt' };
    const first = await call(wave, 'POST', '/v1/checkout/sessions', createBody, headers);
    // Same meaning, other key order: still the same request.
    const reordered = Object.fromEntries(Object.entries(createBody).reverse());
    const again = await call(wave, 'POST', '/v1/checkout/sessions', reordered, headers);
    expect(again).toEqual(first);
    const other = await call(wave, 'POST', '/v1/checkout/sessions', { ...createBody, amount: '16000' }, headers);
    expect(other).toEqual({ status: 409, json: { code: 'idempotency-mismatch', message: expect.any(String) } });
    const withoutKey = await createSession(wave);
    expect(withoutKey.id).not.toBe((first.json as WaveSession).id);
  });

  it('fails every Nth create with 500, and a retry with the same Idempotency-Key succeeds once', async () => {
    const wave = await simulator({ failCreateEvery: 2 });
    await createSession(wave);
    const headers = { 'idempotency-key': 'retry-me' };
    const failed = await call(wave, 'POST', '/v1/checkout/sessions', createBody, headers);
    expect(failed.status).toBe(500);
    const retried = await call(wave, 'POST', '/v1/checkout/sessions', createBody, headers);
    expect(retried.status).toBe(200);
    expect(await call(wave, 'POST', '/v1/checkout/sessions', createBody, headers)).toEqual(retried);
  });

  it('refuses an invalid body with request-validation-error', async () => {
    const wave = await simulator();
    for (const body of [
      { ...createBody, amount: 15000 },
      { ...createBody, amount: '150.50' },
      { ...createBody, amount: '0' },
      { ...createBody, currency: 'EUR' },
      { ...createBody, success_url: 'javascript:alert(1)' },
      { ...createBody, client_reference: 'x'.repeat(256) },
      'not an object',
    ]) {
      expect(await call(wave, 'POST', '/v1/checkout/sessions', body)).toEqual({
        status: 400,
        json: { code: 'request-validation-error', message: expect.any(String) },
      });
    }
    const bad = await fetch(`${wave.url}/v1/checkout/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}` },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
  });

  it('expires sessions by the clock and by /expire, and refuses to pay them (409)', async () => {
    let clockMs = Date.parse('2026-03-01T10:00:00Z');
    const wave = await simulator({ sessionTtlMs: 60_000, now: () => clockMs });
    const byClock = await createSession(wave);
    clockMs += 60_000;
    const read = await call(wave, 'GET', `/v1/checkout/sessions/${byClock.id}`);
    expect((read.json as WaveSession).checkout_status).toBe('expired');
    const late = await pay(byClock.wave_launch_url, 'succeed');
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: 'checkout-session-not-open' });

    const byCall = await createSession(wave);
    const expired = await call(wave, 'POST', `/v1/checkout/sessions/${byCall.id}/expire`);
    expect(expired).toMatchObject({ status: 200, json: { checkout_status: 'expired' } });
    expect((await pay(byCall.wave_launch_url, 'succeed')).status).toBe(409);
    expect((await call(wave, 'POST', `/v1/checkout/sessions/${byCall.id}/expire`)).status).toBe(409);

    const completed = await createSession(wave);
    expect((await pay(completed.wave_launch_url, 'succeed')).status).toBe(200);
    expect((await pay(completed.wave_launch_url, 'succeed')).status).toBe(409);
    expect((await call(wave, 'POST', `/v1/checkout/sessions/${completed.id}/expire`)).status).toBe(409);
  });

  it('finds sessions by client_reference, answers 404 for an unknown id, and takes the page form body', async () => {
    const wave = await simulator();
    const mine = await createSession(wave, { ...createBody, client_reference: 'order-7' });
    await createSession(wave, { ...createBody, client_reference: 'order-8' });
    const found = await call(wave, 'GET', '/v1/checkout/sessions/search?client_reference=order-7');
    expect(found).toEqual({ status: 200, json: { result: [mine] } });
    expect(await call(wave, 'GET', '/v1/checkout/sessions/cos-unknown')).toEqual({
      status: 404,
      json: { code: 'not-found', message: expect.any(String) },
    });
    const form = await fetch(mine.wave_launch_url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=succeed',
    });
    expect(form.status).toBe(200);
    expect(await form.json()).toMatchObject({ session: { checkout_status: 'complete' } });
    expect((await pay(`${wave.url}/pay/cos-unknown`, 'succeed')).status).toBe(404);
    expect((await pay(mine.wave_launch_url, 'maybe')).status).toBe(400);
  });
});
