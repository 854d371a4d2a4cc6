// Proves the simulated Africa's Talking and Orange SMS APIs behave like the real ones over
// real HTTP: credentials, per-recipient answers with parts and cost counted independently,
// refused numbers and sender IDs, simulated 500s, Orange's token flow and 429 rate limit,
// and delivery reports and receipts (success and failure) retried after a receiver 500.
import { afterEach, describe, expect, it } from 'vitest';
import {
  startAfricasTalkingSimulator,
  type AfricasTalkingSimulator,
  type AfricasTalkingSimulatorOptions,
} from '../src/sms/africastalking.js';
import { startOrangeSmsSimulator, type OrangeSmsSimulator, type OrangeSmsSimulatorOptions } from '../src/sms/orange.js';
import { sleep, startReceiver, until, type Receiver } from './support/receiver.js';

const toClose: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of toClose.splice(0).reverse()) await item.close();
});

async function receiver(statuses: readonly number[] = []): Promise<Receiver> {
  const started = await startReceiver(statuses);
  toClose.push(started);
  return started;
}

/** 200 characters of French with "ç": UCS-2, so 3 parts of at most 67 units. */
const frenchWithCedilla =
  'Bonjour Adjoua, votre reçu ISMAIL CI261124-7K3M-CL est prêt. Montant payé : 12 500 F CFA. Merci de votre confiance et à bientôt à la boutique ! Pour toute question, répondez à ce message SVP.'.padEnd(
    200,
    '.',
  );

describe("simulated Africa's Talking SMS API", () => {
  const username = 'ismail_test';
  const apiKey = 'at-test-api-key-42';

  async function simulator(options: Partial<AfricasTalkingSimulatorOptions> = {}): Promise<AfricasTalkingSimulator> {
    const at = await startAfricasTalkingSimulator({ username, apiKey, deliveryDelayMs: 10, ...options });
    toClose.push(at);
    return at;
  }

  interface Answer {
    readonly status: number;
    readonly contentType: string;
    readonly text: string;
  }

  interface Recipient {
    statusCode: number;
    number: string;
    status: string;
    cost: string;
    messageId: string;
    messageParts: number;
  }

  async function send(
    at: AfricasTalkingSimulator,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const response = await fetch(`${at.url}/version1/messaging`, {
      method: 'POST',
      headers: {
        apikey: apiKey,
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      body: new URLSearchParams({ username, ...fields }).toString(),
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text: await response.text(),
    };
  }

  async function sent(
    at: AfricasTalkingSimulator,
    fields: Record<string, string>,
  ): Promise<{ Message: string; Recipients: Recipient[] }> {
    const answer = await send(at, fields);
    expect(answer.status).toBe(201);
    expect(answer.contentType).toContain('application/json');
    return (JSON.parse(answer.text) as { SMSMessageData: { Message: string; Recipients: Recipient[] } }).SMSMessageData;
  }

  it('answers 201 per recipient: 101 Success with cost and parts, 403 InvalidPhoneNumber for a bad number or one ending in 9', async () => {
    const at = await simulator();
    const data = await sent(at, {
      to: '+2250700000001, +2250700000009,0700000001',
      message: 'Votre code ISMAIL : 482913',
      from: 'ISMAIL',
    });
    expect(data.Message).toBe('Sent to 1/3 Total Cost: XOF 25');
    const [ok, nine, local] = data.Recipients;
    expect(ok).toEqual({
      statusCode: 101,
      number: '+2250700000001',
      status: 'Success',
      cost: 'XOF 25',
      messageId: expect.stringMatching(/^ATXid_[0-9a-f]{32}$/),
      messageParts: 1,
    });
    expect(nine).toEqual({
      statusCode: 403,
      number: '+2250700000009',
      status: 'InvalidPhoneNumber',
      cost: '0',
      messageId: 'None',
      messageParts: 0,
    });
    expect(local).toMatchObject({ statusCode: 403, number: '0700000001', status: 'InvalidPhoneNumber', cost: '0' });
    expect(at.messages()).toEqual([
      expect.objectContaining({
        messageId: ok?.messageId,
        number: '+2250700000001',
        from: 'ISMAIL',
        message: 'Votre code ISMAIL : 482913',
        encoding: 'GSM-7',
        units: 26,
        parts: 1,
        status: 'Success',
        enqueue: false,
      }),
      expect.objectContaining({ messageId: null, number: '+2250700000009', status: 'InvalidPhoneNumber', cost: '0' }),
      expect.objectContaining({ messageId: null, number: '0700000001', status: 'InvalidPhoneNumber' }),
    ]);
    // Two sends of the same text get different ids.
    const again = await sent(at, { to: '+2250700000001', message: 'Votre code ISMAIL : 482913' });
    expect(again.Recipients[0]?.messageId).not.toBe(ok?.messageId);
  });

  it('counts parts itself: 160 and 161 GSM characters, 70 and 71 UCS-2, 200 French characters with "ç", extension characters twice', async () => {
    const at = await simulator();
    const cases: [string, number][] = [
      ['a'.repeat(160), 1],
      ['a'.repeat(161), 2],
      ['ç'.repeat(70), 1],
      ['ç'.repeat(71), 2],
      [frenchWithCedilla, 3],
      ['€'.repeat(80), 1],
      ['€'.repeat(81), 2],
      ['Merci, à bientôt'.replace('ô', 'o'), 1],
    ];
    for (const [message, parts] of cases) {
      const data = await sent(at, { to: '+2250500000002,+2250500000003', message });
      expect(
        data.Recipients.map((r) => [r.messageParts, r.cost]),
        message.slice(0, 20),
      ).toEqual([
        [parts, `XOF ${String(25 * parts)}`],
        [parts, `XOF ${String(25 * parts)}`],
      ]);
      expect(data.Message).toBe(`Sent to 2/2 Total Cost: XOF ${String(2 * 25 * parts)}`);
    }
    expect(at.messages().find((m) => m.message === frenchWithCedilla)).toMatchObject({
      encoding: 'UCS-2',
      units: 200,
      parts: 3,
    });
    expect(at.messages().find((m) => m.message === '€'.repeat(81))).toMatchObject({
      encoding: 'GSM-7',
      units: 162,
      parts: 2,
    });
  });

  it('refuses a wrong or missing apiKey, or another username, with 401 "The supplied authentication is invalid"', async () => {
    const at = await simulator();
    const refusals = [
      await send(at, { to: '+2250700000001', message: 'x' }, { apikey: 'wrong-key' }),
      await send(at, { to: '+2250700000001', message: 'x' }, { apikey: '' }),
      await send(at, { to: '+2250700000001', message: 'x', username: 'someone_else' }),
    ];
    for (const refusal of refusals)
      expect(refusal).toEqual({
        status: 401,
        contentType: expect.stringContaining('text/plain'),
        text: 'The supplied authentication is invalid',
      });
    expect(at.messages()).toEqual([]);
  });

  it('validates the sender ID (11 letters, digits or spaces, one letter at least), the numbers and the message', async () => {
    const at = await simulator();
    for (const from of ['ISMAIL', 'Boutique 42', 'ABCDEFGHIJK'])
      expect((await send(at, { to: '+2250700000001', message: 'ok', from })).status, from).toBe(201);
    for (const from of ['ABCDEFGHIJKL', '22507000000', 'ISMAIL-CI', 'Rés', '']) {
      const refused = await send(at, { to: '+2250700000001', message: 'ok', from });
      expect(refused.status, from).toBe(400);
      expect(refused.text).toMatch(/senderId/);
    }
    const tooMany = Array.from({ length: 101 }, (_, i) => `+22507${String(i).padStart(8, '0')}`).join(',');
    expect((await send(at, { to: tooMany, message: 'ok' })).status).toBe(400);
    expect((await send(at, { to: tooMany.split(',').slice(0, 100).join(','), message: 'ok' })).status).toBe(201);
    expect((await send(at, { to: '', message: 'ok' })).status).toBe(400);
    expect((await send(at, { to: '+2250700000001', message: '' })).status).toBe(400);
    expect((await send(at, { to: '+2250700000001', message: 'a'.repeat(1601) })).status).toBe(400);
    expect((await send(at, { to: '+2250700000001', message: 'é'.repeat(1600) })).status).toBe(201);
    expect((await send(at, { to: '+2250700000001', message: 'ok', enqueue: 'maybe' })).status).toBe(400);
    expect((await send(at, { to: '+2250700000001', message: 'ok' }, { accept: 'application/xml' })).status).toBe(406);
    const json = await fetch(`${at.url}/version1/messaging`, {
      method: 'POST',
      headers: { apikey: apiKey, accept: 'application/json', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
  });

  it('answers HTTP 500 on every Nth valid send and sends nothing for it', async () => {
    const at = await simulator({ failEvery: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await send(at, { to: '+2250700000001', message: `essai ${String(i)}` })).status);
    expect(statuses).toEqual([201, 500, 201, 500]);
    expect(at.messages().map((m) => m.message)).toEqual(['essai 0', 'essai 2']);
  });

  it('posts form-encoded delivery reports: Success, and Failed with DeliveryFailure for a number ending in 8', async () => {
    const hook = await receiver();
    const at = await simulator({ deliveryReportUrl: hook.url });
    const data = await sent(at, { to: '+2250700000001,+2250700000008,+2250700000009', message: 'Reçu n° 42' });
    const ids = new Map(data.Recipients.map((r) => [r.number, r.messageId]));
    const received = await hook.waitFor(2, 5000);
    await sleep(100);
    expect(hook.received).toHaveLength(2);
    const reports = received.map((r) => {
      expect(r.method).toBe('POST');
      expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
      return Object.fromEntries(new URLSearchParams(r.rawBody));
    });
    reports.sort((a, b) => String(a.phoneNumber).localeCompare(String(b.phoneNumber)));
    expect(reports).toEqual([
      {
        id: ids.get('+2250700000001'),
        status: 'Success',
        phoneNumber: '+2250700000001',
        networkCode: '61203',
        failureReason: '',
        retryCount: '0',
      },
      {
        id: ids.get('+2250700000008'),
        status: 'Failed',
        phoneNumber: '+2250700000008',
        networkCode: '61203',
        failureReason: 'DeliveryFailure',
        retryCount: '0',
      },
    ]);
    await until(() => at.reports().length === 2, 2000);
    expect(
      at
        .reports()
        .map((r) => [r.phoneNumber, r.deliveryStatus, r.attempt, r.status])
        .sort(),
    ).toEqual([
      ['+2250700000001', 'Success', 1, 200],
      ['+2250700000008', 'Failed', 1, 200],
    ]);
  });

  it('retries a delivery report after a receiver 500, with growing backoff, and sends to a URL set after start', async () => {
    const at = await simulator();
    await sent(at, { to: '+2250700000001', message: 'avant' });
    await sleep(50);
    expect(at.reports()).toEqual([]);
    const hook = await receiver([500, 500]);
    at.setDeliveryReportUrl(hook.url);
    const data = await sent(at, { to: '+2250700000001', message: 'après' });
    const attempts = await hook.waitFor(3, 5000);
    expect(new Set(attempts.map((a) => a.rawBody)).size).toBe(1);
    expect(new URLSearchParams(attempts[0]?.rawBody).get('id')).toBe(data.Recipients[0]?.messageId);
    const [a, b, c] = attempts.map((attempt) => attempt.atMs);
    expect((b ?? 0) - (a ?? 0)).toBeGreaterThanOrEqual(90);
    expect((c ?? 0) - (b ?? 0)).toBeGreaterThanOrEqual(190);
    await until(() => at.reports().length === 3, 2000);
    expect(at.reports().map((r) => [r.attempt, r.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    await sleep(300);
    expect(hook.received).toHaveLength(3);
  });
});

describe('simulated Orange SMS API', () => {
  const clientId = 'orange-test-client';
  const clientSecret = 'orange-test-secret';
  const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  const sender = 'tel:+2250000';
  const sendPath = `/smsmessaging/v1/outbound/${encodeURIComponent(sender)}/requests`;

  async function simulator(options: Partial<OrangeSmsSimulatorOptions> = {}): Promise<OrangeSmsSimulator> {
    const orange = await startOrangeSmsSimulator({ clientId, clientSecret, deliveryDelayMs: 10, ...options });
    toClose.push(orange);
    return orange;
  }

  async function token(
    orange: OrangeSmsSimulator,
    authorization = basic,
    body = 'grant_type=client_credentials',
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${orange.url}/oauth/v3/token`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  async function accessToken(orange: OrangeSmsSimulator): Promise<string> {
    const answer = await token(orange);
    expect(answer.status).toBe(200);
    return String(answer.json.access_token);
  }

  const outbound = (
    address: string,
    message = 'Votre compte ISMAIL est activé.',
    extra: Record<string, unknown> = {},
  ): unknown => ({
    outboundSMSMessageRequest: {
      address,
      senderAddress: sender,
      senderName: 'ISMAIL',
      outboundSMSTextMessage: { message },
      ...extra,
    },
  });

  async function send(
    orange: OrangeSmsSimulator,
    bearer: string,
    body: unknown,
    path = sendPath,
  ): Promise<{ status: number; headers: Headers; json: unknown }> {
    const response = await fetch(`${orange.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      json: text === '' ? undefined : (JSON.parse(text) as unknown),
    };
  }

  it('issues a Bearer token for the client credentials and refuses wrong ones', async () => {
    const orange = await simulator();
    const issued = await token(orange);
    expect(issued).toEqual({
      status: 200,
      json: { token_type: 'Bearer', access_token: expect.any(String), expires_in: 3600 },
    });
    expect(String(issued.json.access_token).length).toBeGreaterThanOrEqual(32);
    const wrong = `Basic ${Buffer.from(`${clientId}:nope`).toString('base64')}`;
    expect((await token(orange, wrong)).status).toBe(401);
    expect((await token(orange, 'Bearer x')).status).toBe(401);
    expect((await token(orange, basic, 'grant_type=password')).status).toBe(400);
  });

  it('sends an SMS: 201 with the request echoed and its resourceURL, and counts the parts', async () => {
    const orange = await simulator();
    const bearer = await accessToken(orange);
    const answer = await send(orange, bearer, outbound('tel:+2250700000001', frenchWithCedilla));
    expect(answer.status).toBe(201);
    const echoed = (answer.json as { outboundSMSMessageRequest: Record<string, unknown> }).outboundSMSMessageRequest;
    expect(echoed).toEqual({
      address: 'tel:+2250700000001',
      senderAddress: sender,
      senderName: 'ISMAIL',
      outboundSMSTextMessage: { message: frenchWithCedilla },
      resourceURL: expect.stringMatching(
        new RegExp(`^${orange.url}/smsmessaging/v1/outbound/tel%3A%2B2250000/requests/[0-9a-f-]{36}$`),
      ),
    });
    expect(answer.headers.get('location')).toBe(echoed.resourceURL);
    expect(orange.messages()).toEqual([
      expect.objectContaining({
        address: 'tel:+2250700000001',
        senderName: 'ISMAIL',
        encoding: 'UCS-2',
        units: 200,
        parts: 3,
        resourceURL: echoed.resourceURL,
      }),
    ]);
  });

  it('refuses a missing, unknown or expired token with 401', async () => {
    let clockMs = Date.parse('2026-03-01T10:00:00Z');
    const orange = await simulator({ tokenTtlMs: 60_000, now: () => clockMs });
    expect((await send(orange, 'unknown', outbound('tel:+2250700000001'))).status).toBe(401);
    const bearer = await accessToken(orange);
    expect((await send(orange, bearer, outbound('tel:+2250700000001'))).status).toBe(201);
    clockMs += 60_000;
    const expired = await send(orange, bearer, outbound('tel:+2250700000001'));
    expect(expired).toMatchObject({ status: 401, json: { code: 42 } });
  });

  it('refuses malformed requests with 400 SVC0002, including a sender address other than the path', async () => {
    const orange = await simulator({ maxPerSecond: 0 });
    const bearer = await accessToken(orange);
    const refusal = {
      status: 400,
      json: {
        requestError: {
          serviceException: { messageId: 'SVC0002', text: expect.any(String), variables: expect.any(Array) },
        },
      },
    };
    const otherSender = {
      outboundSMSMessageRequest: {
        address: 'tel:+2250700000001',
        senderAddress: 'tel:+2210000',
        outboundSMSTextMessage: { message: 'x' },
      },
    };
    for (const body of [
      otherSender,
      outbound('+2250700000001'),
      outbound('tel:0700000001'),
      outbound('tel:+2250700000001', ''),
      outbound('tel:+2250700000001', 'x'.repeat(1601)),
      outbound('tel:+2250700000001', 'ok', { senderName: 'ISMAIL-CI' }),
      outbound('tel:+2250700000001', 'ok', { senderName: 'ABCDEFGHIJKL' }),
      { outboundSMSMessageRequest: 'x' },
      '{not json',
    ]) {
      expect(await send(orange, bearer, body), JSON.stringify(body).slice(0, 80)).toMatchObject(refusal);
    }
    const mismatch = await send(
      orange,
      bearer,
      outbound('tel:+2250700000001'),
      `/smsmessaging/v1/outbound/${encodeURIComponent('tel:+2210000')}/requests`,
    );
    expect(mismatch).toMatchObject(refusal);
    expect(JSON.stringify(mismatch.json)).toContain('senderAddress');
    expect(orange.messages()).toEqual([]);
  });

  it('answers 429 with Retry-After past maxPerSecond sends, and accepts again a second later', async () => {
    let clockMs = Date.parse('2026-03-01T10:00:00Z');
    const orange = await simulator({ now: () => clockMs });
    const bearer = await accessToken(orange);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await send(orange, bearer, outbound('tel:+2250700000001', `n° ${String(i)}`))).status);
      clockMs += 100;
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    const limited = await send(orange, bearer, outbound('tel:+2250700000001'));
    expect(limited).toMatchObject({ status: 429, json: { code: 53, message: 'Too many requests' } });
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(orange.messages()).toHaveLength(5);
    clockMs += 500; // the first send is now a second old
    expect((await send(orange, bearer, outbound('tel:+2250700000001'))).status).toBe(201);
    expect((await send(orange, bearer, outbound('tel:+2250700000001'))).status).toBe(429);
  });

  it('posts JSON delivery receipts: DeliveredToTerminal, and DeliveryImpossible for a number ending in 8', async () => {
    const hook = await receiver();
    const orange = await simulator({ notifyUrl: hook.url });
    const bearer = await accessToken(orange);
    const delivered = await send(orange, bearer, outbound('tel:+2250700000001'));
    const impossible = await send(orange, bearer, outbound('tel:+2250700000008'));
    const idOf = (answer: { json: unknown }): string =>
      String(
        (answer.json as { outboundSMSMessageRequest: { resourceURL: string } }).outboundSMSMessageRequest.resourceURL
          .split('/')
          .at(-1),
      );
    const received = await hook.waitFor(2, 5000);
    for (const r of received) expect(r.headers['content-type']).toBe('application/json');
    const receipts = received.map((r) => JSON.parse(r.rawBody) as unknown);
    expect(receipts).toEqual(
      expect.arrayContaining([
        {
          deliveryInfoNotification: {
            callbackData: idOf(delivered),
            deliveryInfo: { address: 'tel:+2250700000001', deliveryStatus: 'DeliveredToTerminal' },
          },
        },
        {
          deliveryInfoNotification: {
            callbackData: idOf(impossible),
            deliveryInfo: { address: 'tel:+2250700000008', deliveryStatus: 'DeliveryImpossible' },
          },
        },
      ]),
    );
    await until(() => orange.notifications().length === 2, 2000);
    expect(orange.notifications().every((n) => n.attempt === 1 && n.status === 200)).toBe(true);
  });

  it('retries a delivery receipt after a receiver 500 until it answers 2xx', async () => {
    const hook = await receiver([500]);
    const orange = await simulator();
    orange.setNotifyUrl(hook.url);
    const bearer = await accessToken(orange);
    expect((await send(orange, bearer, outbound('tel:+2250700000001'))).status).toBe(201);
    const attempts = await hook.waitFor(2, 5000);
    expect(attempts[0]?.rawBody).toBe(attempts[1]?.rawBody);
    await until(() => orange.notifications().length === 2, 2000);
    expect(orange.notifications().map((n) => [n.attempt, n.status, n.deliveryStatus])).toEqual([
      [1, 500, 'DeliveredToTerminal'],
      [2, 200, 'DeliveredToTerminal'],
    ]);
  });
});
