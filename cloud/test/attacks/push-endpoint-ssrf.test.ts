// Attack (issue 20.6): a browser "push subscription" whose endpoint is our own network, so
// the cloud's push worker posts into it (SSRF). Endpoints are taken only on the known push
// services' hosts (HTTPS, default port, no credentials), refused with PUSH_ENDPOINT_REFUSED
// otherwise and never stored; at send time the host is checked again and its address
// resolved, checked and pinned: a push service name that resolves to loopback (a poisoned or
// rebound DNS answer) gets no connection, and the failure is told in our own words.
import { createECDH, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { PermanentDeliveryError } from '../../src/modules/notifications/channel.js';
import { pushChannel, pushServiceHosts } from '../../src/modules/notifications/push.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { testBackends } from '../support/databases.js';
import { moneyState } from '../support/money-state.js';
import { bearer, type Person, type Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';

const keys = {
  p256dh: createECDH('prime256v1').generateKeys().toString('base64url'),
  auth: randomBytes(16).toString('base64url'),
};
const refusedEndpoints = [
  'http://127.0.0.1/push',
  'https://127.0.0.1/push',
  'https://[::ffff:127.0.0.1]:8080/push',
  'https://169.254.169.254/latest/meta-data/',
  'https://10.0.0.5/push',
  'https://localhost/push',
  'https://evil.example/fcm/send/abc',
  'https://fcm.googleapis.com.evil.example/fcm/send/abc',
  'https://evilfcm.googleapis.com/fcm/send/abc',
  'https://push.apple.com.evil.example/3/device/abc',
  'https://notify.windows.com.evil.example/w/?token=abc',
  'https://evilpush.apple.com/3/device/abc',
  'http://fcm.googleapis.com/fcm/send/abc',
  'https://fcm.googleapis.com:8443/fcm/send/abc',
  'https://user:pw@fcm.googleapis.com/fcm/send/abc',
];
const acceptedEndpoints = [
  'https://fcm.googleapis.com/fcm/send/abc:def',
  'https://updates.push.services.mozilla.com/wpush/v2/gAAAA',
  'https://web.push.apple.com/QGz8jEAFmN',
  'https://wns2-par02p.notify.windows.com/w/?token=BQYAAAB',
];

describe.each(testBackends)('attack: push endpoint SSRF, on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
    ({ db, app, people } = cloud);
  });
  afterAll(async () => {
    await cloud.close();
  });

  const stored = async (): Promise<string[]> =>
    (await db.pool.query<{ endpoint: string }>('SELECT endpoint FROM push_subscriptions ORDER BY endpoint')).rows.map(
      (r) => r.endpoint,
    );
  const codeOf = (body: string): string => (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? '';

  it('takes endpoints on the known push services only', async () => {
    expect(pushServiceHosts).toEqual(
      expect.arrayContaining([
        'fcm.googleapis.com',
        'updates.push.services.mozilla.com',
        '*.push.apple.com',
        '*.notify.windows.com',
      ]),
    );
    const state = await moneyState(db);
    const wrong: string[] = [];
    for (const endpoint of refusedEndpoints) {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/notifications/push-subscriptions',
        headers: bearer(people.clientA),
        payload: { endpoint, keys },
      });
      if (response.statusCode !== 400 || codeOf(response.body) !== 'PUSH_ENDPOINT_REFUSED')
        wrong.push(`${endpoint}: ${String(response.statusCode)} ${response.body.slice(0, 100)}`);
    }
    expect(wrong).toEqual([]);
    expect(await stored()).toEqual([]);
    expect(await moneyState(db)).toEqual(state);
    for (const endpoint of acceptedEndpoints) {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/notifications/push-subscriptions',
        headers: bearer(people.clientA),
        payload: { endpoint, keys },
      });
      expect(response.statusCode, `${endpoint}: ${response.body}`).toBe(201);
    }
    expect(await stored()).toEqual([...acceptedEndpoints].sort());
    expect(await checkLedger(db)).toMatchObject({ ok: true });
  });

  it('checks the host and pins a checked address at send time', async () => {
    const vapid = { subject: 'mailto:test@ismail.ci', ...webpush.generateVAPIDKeys() };
    const asked: string[] = [];
    const answers = new Map<string, string[]>([
      ['fcm.googleapis.com', ['127.0.0.1']],
      ['updates.push.services.mozilla.com', ['34.117.1.1', '10.0.0.9']],
      ['web.push.apple.com', ['::ffff:169.254.169.254']],
    ]);
    const channel = pushChannel(vapid, {
      resolve: async (hostname: string) => {
        asked.push(hostname);
        return (answers.get(hostname) ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      },
    });
    const send = (endpoint: string) =>
      channel.send({
        deliveryId: 'd1',
        to: JSON.stringify({ endpoint, keys }),
        rendered: {
          title: 'Titre',
          body: 'Corps',
          subject: 'Titre',
          text: 'Corps',
          html: '<p>Corps</p>',
          sms: 'Corps',
        },
      });
    for (const endpoint of [
      'https://fcm.googleapis.com/fcm/send/abc',
      'https://updates.push.services.mozilla.com/wpush/v2/x',
      'https://web.push.apple.com/x',
    ]) {
      const failure = await send(endpoint).then(
        () => new Error('sent'),
        (error: unknown) => error as Error,
      );
      expect(failure.message, endpoint).toMatch(/^push service address refused/);
      expect(failure.message).not.toMatch(/127\.0\.0\.1|10\.0\.0\.9|169\.254/);
    }
    expect(asked).toEqual(['fcm.googleapis.com', 'updates.push.services.mozilla.com', 'web.push.apple.com']);
    // A subscription stored before the host rule (or written around it) is refused for good, unresolved.
    await expect(send('https://127.0.0.1:9/push')).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(send('https://metadata.internal/push')).rejects.toBeInstanceOf(PermanentDeliveryError);
    expect(asked).toHaveLength(3);
  });
});
