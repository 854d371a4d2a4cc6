// Proves the simulated MTN MoMo Collections API behaves like MTN over real HTTP: the
// token flow, 202 for a request-to-pay, 409 for a reused X-Reference-Id, 403 for another
// target environment, the status each last digit of the payer's number leads to, and one
// unsigned callback when the request resolves.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startMomoSimulator,
  type MomoSimulator,
  type MomoSimulatorOptions,
  type MomoTransaction,
} from '../src/payments/momo.js';
import { sleep, startReceiver, until } from './support/receiver.js';

const subscriptionKey = 'test-subscription-key';
const apiUser = '0b9a3b7e-3c55-4f4b-8f1c-6a4e2d1c9b8a';
const apiKey = 'test-api-key-42';
const basic = `Basic ${Buffer.from(`${apiUser}:${apiKey}`).toString('base64')}`;

const toClose: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of toClose.splice(0).reverse()) await item.close();
});

async function simulator(options: Partial<MomoSimulatorOptions> = {}): Promise<MomoSimulator> {
  const momo = await startMomoSimulator({ subscriptionKey, apiUser, apiKey, approvalDelayMs: 20, ...options });
  toClose.push(momo);
  return momo;
}

async function tokenFor(momo: MomoSimulator): Promise<string> {
  const response = await fetch(`${momo.url}/collection/token/`, {
    method: 'POST',
    headers: { 'ocp-apim-subscription-key': subscriptionKey, authorization: basic },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const payBody = (partyId: string): Record<string, unknown> => ({
  amount: '5000',
  currency: 'XOF',
  externalId: 'sale-42',
  payer: { partyIdType: 'MSISDN', partyId },
  payerMessage: 'Boutique Adjoua',
  payeeNote: 'Vente 42',
});

interface Call {
  readonly status: number;
  readonly text: string;
}

async function requestToPay(
  momo: MomoSimulator,
  token: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Call> {
  const response = await fetch(`${momo.url}/collection/v1_0/requesttopay`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'ocp-apim-subscription-key': subscriptionKey,
      'x-target-environment': 'mtnivorycoast',
      'x-reference-id': randomUUID(),
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

async function statusOf(
  momo: MomoSimulator,
  token: string,
  referenceId: string,
  environment = 'mtnivorycoast',
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${momo.url}/collection/v1_0/requesttopay/${referenceId}`, {
    headers: {
      authorization: `Bearer ${token}`,
      'ocp-apim-subscription-key': subscriptionKey,
      'x-target-environment': environment,
    },
  });
  return { status: response.status, json: await response.json() };
}

describe('simulated MTN MoMo Collections API', () => {
  it('issues a token for the right credentials and refuses wrong ones; tokens expire', async () => {
    let clockMs = Date.parse('2026-03-01T10:00:00Z');
    const momo = await simulator({ now: () => clockMs });
    const response = await fetch(`${momo.url}/collection/token/`, {
      method: 'POST',
      headers: { 'ocp-apim-subscription-key': subscriptionKey, authorization: basic },
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'access_token', expires_in: 3600 });

    const wrongKey = `Basic ${Buffer.from(`${apiUser}:nope`).toString('base64')}`;
    const refused = await fetch(`${momo.url}/collection/token/`, {
      method: 'POST',
      headers: { 'ocp-apim-subscription-key': subscriptionKey, authorization: wrongKey },
    });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'Unauthorized' });
    const noSubscription = await fetch(`${momo.url}/collection/token/`, {
      method: 'POST',
      headers: { authorization: basic },
    });
    expect(noSubscription.status).toBe(401);

    const token = String(body.access_token);
    expect((await requestToPay(momo, token, payBody('2250700000004'))).status).toBe(202);
    clockMs += 3600 * 1000;
    const expired = await requestToPay(momo, token, payBody('2250700000004'));
    expect(expired.status).toBe(401);
    expect(JSON.parse(expired.text)).toMatchObject({ code: 'Unauthorized' });
    expect((await requestToPay(momo, 'made-up-token', payBody('2250700000004'))).status).toBe(401);
  });

  it('accepts a request-to-pay with 202 and no body, then reports it PENDING then SUCCESSFUL', async () => {
    const momo = await simulator({ approvalDelayMs: 50 });
    const token = await tokenFor(momo);
    const referenceId = randomUUID();
    const accepted = await requestToPay(momo, token, payBody('2250700000004'), { 'x-reference-id': referenceId });
    expect(accepted).toEqual({ status: 202, text: '' });
    expect(await statusOf(momo, token, referenceId)).toEqual({
      status: 200,
      json: { ...payBody('2250700000004'), status: 'PENDING' },
    });
    await sleep(80);
    const done = await statusOf(momo, token, referenceId);
    expect(done).toEqual({
      status: 200,
      json: {
        ...payBody('2250700000004'),
        status: 'SUCCESSFUL',
        financialTransactionId: expect.stringMatching(/^\d{10}$/),
      },
    });
    expect(await statusOf(momo, token, referenceId)).toEqual(done);
    expect(momo.requests()).toEqual([
      { referenceId, receivedAt: expect.any(String), callbackUrl: null, transaction: done.json },
    ]);
  });

  it('refuses a reused X-Reference-Id with 409 and a missing or non-v4 one with 400', async () => {
    const momo = await simulator();
    const token = await tokenFor(momo);
    const referenceId = randomUUID();
    expect((await requestToPay(momo, token, payBody('2250700000004'), { 'x-reference-id': referenceId })).status).toBe(
      202,
    );
    const again = await requestToPay(momo, token, payBody('2250700000004'), {
      'x-reference-id': referenceId.toUpperCase(),
    });
    expect(again.status).toBe(409);
    expect(JSON.parse(again.text)).toEqual({ code: 'RESOURCE_ALREADY_EXIST', message: expect.any(String) });
    expect((await requestToPay(momo, token, payBody('2250700000004'), { 'x-reference-id': 'sale-42' })).status).toBe(
      400,
    );
    expect(
      (
        await requestToPay(momo, token, payBody('2250700000004'), {
          'x-reference-id': '6f2b0c1e-8a4d-1c3b-9e5f-1a2b3c4d5e6f',
        })
      ).status,
    ).toBe(400);
    expect(momo.requests()).toHaveLength(1);
  });

  it('decides by the last digit: 1 not enough funds, 2 rejected, 3 never answers then expires, others succeed', async () => {
    let clockMs = Date.parse('2026-03-01T10:00:00Z');
    // Real timers far away: only the injected clock moves the requests along.
    const momo = await simulator({ now: () => clockMs, approvalDelayMs: 60_000, tokenTtlMs: 3 * 3600 * 1000 });
    const token = await tokenFor(momo);
    const numbers = ['2250700000001', '2250700000002', '2250700000003', '2250700000009'];
    const references = numbers.map(() => randomUUID());
    for (const [index, partyId] of numbers.entries()) {
      expect(
        (await requestToPay(momo, token, payBody(partyId), { 'x-reference-id': references[index] ?? '' })).status,
      ).toBe(202);
    }
    const statuses = async (): Promise<Partial<MomoTransaction>[]> =>
      Promise.all(
        references.map(async (referenceId) => {
          const { status, reason } = (await statusOf(momo, token, referenceId)).json as MomoTransaction;
          return reason === undefined ? { status } : { status, reason };
        }),
      );
    expect(await statuses()).toEqual(numbers.map(() => ({ status: 'PENDING' })));
    clockMs += 60_000;
    const decided = [
      { status: 'FAILED', reason: 'NOT_ENOUGH_FUNDS' },
      { status: 'FAILED', reason: 'APPROVAL_REJECTED' },
      { status: 'PENDING' },
      { status: 'SUCCESSFUL' },
    ];
    expect(await statuses()).toEqual(decided);
    clockMs += 4 * 60_000 - 1;
    expect(await statuses()).toEqual(decided);
    clockMs += 1;
    expect((await statuses())[2]).toEqual({ status: 'FAILED', reason: 'EXPIRED' });
    clockMs += 3600 * 1000;
    expect((await statuses())[2]).toEqual({ status: 'FAILED', reason: 'EXPIRED' });
  });

  it('posts the resolved transaction once, unsigned, to X-Callback-Url', async () => {
    const hook = await startReceiver();
    toClose.push(hook);
    const momo = await simulator({ approvalDelayMs: 20 });
    const token = await tokenFor(momo);
    const referenceId = randomUUID();
    expect(
      (
        await requestToPay(momo, token, payBody('2250700000002'), {
          'x-reference-id': referenceId,
          'x-callback-url': hook.url,
        })
      ).status,
    ).toBe(202);
    const [callback] = await hook.waitFor(1, 5000);
    expect(callback?.method).toBe('POST');
    expect(callback?.headers['content-type']).toBe('application/json');
    expect(Object.keys(callback?.headers ?? {}).filter((name) => /signature|x-token|hash/i.test(name))).toEqual([]);
    const status = await statusOf(momo, token, referenceId);
    expect(JSON.parse(callback?.rawBody ?? '{}')).toEqual(status.json);
    expect(status.json).toMatchObject({ status: 'FAILED', reason: 'APPROVAL_REJECTED' });
    await until(() => momo.callbacks().length === 1, 2000);
    await sleep(100);
    expect(hook.received).toHaveLength(1);
    expect(momo.callbacks()).toEqual([{ referenceId, url: hook.url, status: 200, at: expect.any(String) }]);
  });

  it('refuses another target environment with 403 NOT_ALLOWED_TARGET_ENVIRONMENT', async () => {
    const momo = await simulator();
    const token = await tokenFor(momo);
    const refused = await requestToPay(momo, token, payBody('2250700000004'), { 'x-target-environment': 'sandbox' });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text)).toEqual({ code: 'NOT_ALLOWED_TARGET_ENVIRONMENT', message: expect.any(String) });
    expect((await statusOf(momo, token, randomUUID(), 'mtnghana')).status).toBe(403);
  });

  it('refuses bad bodies, another currency and a bad callback URL with 400, and answers 404 for an unknown reference', async () => {
    const momo = await simulator();
    const token = await tokenFor(momo);
    expect(
      JSON.parse((await requestToPay(momo, token, { ...payBody('2250700000004'), currency: 'EUR' })).text),
    ).toMatchObject({ code: 'INVALID_CURRENCY' });
    for (const body of [
      { ...payBody('2250700000004'), amount: 5000 },
      { ...payBody('2250700000004'), amount: '-1' },
      { ...payBody('abc') },
      { ...payBody('2250700000004'), externalId: undefined },
    ]) {
      expect((await requestToPay(momo, token, body)).status).toBe(400);
    }
    expect((await requestToPay(momo, token, payBody('2250700000004'), { 'x-callback-url': 'not a url' })).status).toBe(
      400,
    );
    expect(await statusOf(momo, token, randomUUID())).toEqual({
      status: 404,
      json: { code: 'RESOURCE_NOT_FOUND', message: expect.any(String) },
    });
    expect(momo.requests()).toEqual([]);
  });
});
