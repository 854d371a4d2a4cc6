// Web push for real (issue 22 item 7): a browser subscribes at the simulated push service
// (firmware-sim/src/push) with the cloud's VAPID key, registers that subscription with the
// cloud, and a wallet top-up reaches the push service as an RFC 8291 message: VAPID-signed
// for the service's origin, encrypted for the subscription, which decrypts it to the French
// text. A subscription the service answers 410 for is forgotten. The simulator's origin is
// taken only because this app is configured with it: without that it is refused as any
// address outside the known push services (attacks/push-endpoint-ssrf.test.ts).
import { randomUUID } from 'node:crypto';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSubscription, startPushServiceSimulator, type PushServiceSimulator } from '@ismail/firmware-sim';
import { pushChannel, pushEndpointProblem } from '../src/modules/notifications/push.js';
import { testBackends } from './support/databases.js';
import { bearer } from './support/people.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { cashHub } from './support/wallet-fixtures.js';

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(testBackends)('web push delivery to a push service, on $name', (backend) => {
  let service: PushServiceSimulator;
  let cloud: TestCloud;

  beforeAll(async () => {
    service = await startPushServiceSimulator({ port: 0 });
    const vapid = { subject: 'mailto:test@ismail.ci', ...webpush.generateVAPIDKeys() };
    cloud = await openTestCloud(backend, {
      notifications: {
        channels: {
          push: pushChannel(vapid, { extraService: { origin: service.url, ca: () => service.certificatePem } }),
        },
        vapidPublicKey: vapid.publicKey,
        retryLimit: 2,
        retryDelaySeconds: 1,
        pollingIntervalSeconds: 0.5,
      },
    });
    await cloud.app.notifications.service.start();
    // A new installation announces only what happens from now on: the first tick sets the cursors.
    await cloud.app.notifications.feeder.tick();
  });
  afterAll(async () => {
    await cloud.close();
    await service.close();
  });

  /** What the page does: subscribe with the cloud's VAPID key, then register the subscription. */
  async function subscribe(person: 'clientA' | 'clientB') {
    const { app, people } = cloud;
    const key = (await app.inject({ method: 'GET', url: '/v1/notifications/push-key' })).json<{ publicKey: string }>();
    const browser = browserSubscription(service.subscribe(key.publicKey).endpoint);
    const registered = await app.inject({
      method: 'POST',
      url: '/v1/notifications/push-subscriptions',
      headers: bearer(people[person]),
      payload: browser.json,
    });
    expect(registered.statusCode, registered.body).toBe(201);
    return browser;
  }

  const topUp = async (accountId: string) => {
    const { app, db } = cloud;
    await app.wallet.operations.buyCreditsWithCash(
      { actor: { label: 'test' }, scope: 'system', idempotencyKey: `cash-${randomUUID()}` },
      { accountId, hubId: await cashHub(db), amountXof: 1_000 },
    );
    expect(await app.notifications.feeder.tick()).toBeGreaterThanOrEqual(1);
  };

  const pushDeliveries = async (accountId: string) =>
    (
      await cloud.db.pool.query<{ status: string; reason: string | null; provider: string | null }>(
        `SELECT d.status, d.reason, d.provider FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
         WHERE n.recipient_id = $1 AND d.channel = 'push' ORDER BY n.created_at`,
        [accountId],
      )
    ).rows;

  it('delivers a top-up notice that the subscription decrypts to the French text', async () => {
    const holder = cloud.people.clientA;
    const browser = await subscribe('clientA');
    // Only this app's configuration admits the simulator: by default its endpoint is refused.
    expect(pushEndpointProblem(browser.json.endpoint)).not.toBeNull();
    await topUp(holder.id);
    const messages = await until(
      () => service.messages(browser.json.endpoint),
      (m) => m.length > 0,
    );
    expect(messages).toHaveLength(1);
    const message = messages[0];
    expect(message?.ttlS).toBe(24 * 3600);
    const decrypted = JSON.parse(browser.decrypt(message?.body ?? Buffer.alloc(0))) as { title: string; body: string };
    expect(decrypted.title).toBe('Crédits ajoutés');
    expect(decrypted.body).toMatch(/^20,00 crédits \(1\s000\sFCFA\)\.$/u);
    const sent = await until(
      () => pushDeliveries(holder.id),
      (d) => d.some((x) => x.status === 'sent'),
    );
    expect(sent).toEqual([expect.objectContaining({ status: 'sent', provider: 'webpush' })]);
  });

  it('forgets a subscription the push service answers 410 for', async () => {
    const holder = cloud.people.clientB;
    const browser = await subscribe('clientB');
    service.expire(browser.json.endpoint);
    await topUp(holder.id);
    const failed = await until(
      () => pushDeliveries(holder.id),
      (d) => d.some((x) => x.status === 'failed'),
    );
    expect(failed).toEqual([expect.objectContaining({ status: 'failed', reason: 'push subscription gone (410)' })]);
    const left = await cloud.db.pool.query('SELECT 1 FROM push_subscriptions WHERE endpoint = $1', [
      browser.json.endpoint,
    ]);
    expect(left.rowCount).toBe(0);
    expect(service.messages(browser.json.endpoint)).toEqual([]);
  });
});
