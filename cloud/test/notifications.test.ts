// Proves notifications end to end with real servers: a real SMTP server (the simulator's
// capture) and the Africa's-Talking-style SMS simulator (which fails every other send, so
// retries happen). Activation mail in French with the ISMAIL ID and accents; SMS length and
// parts agreed with the provider; retries and final statuses recorded, receipts applied; an
// event emitted twice sends once per channel; preferences and marketing consent obeyed; a
// stop in the middle of a batch and a restart send every remaining message exactly once.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderNotification, smsLength } from '@ismail/shared';
import {
  startAfricasTalkingSimulator,
  startSmtpCapture,
  type AfricasTalkingSimulator,
  type SmtpCapture,
} from '@ismail/firmware-sim';
import type { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { buildCloudApp, type CloudAppOptions } from '../src/app.js';
import type { DeliveryChannel } from '../src/modules/notifications/channel.js';
import { emailChannel } from '../src/modules/notifications/email.js';
import { africasTalkingChannel } from '../src/modules/notifications/sms-africastalking.js';
import { seedDefaultRates } from '../src/modules/wallet/rates.js';
import { cashHub } from './support/wallet-fixtures.js';
import { everyTestBackend, testSecrets } from './support/databases.js';
import { bearer, createPeople, type Person, type Signed } from './support/people.js';

const at = { username: 'ismail', apiKey: 'at-test-key-0123456789' };

// Sends retried with backoff (1 s, 2 s, 4 s…) through pg-boss polling: a loaded 2-core run
// needed more than 15 s. Waiting longer costs nothing when things are on time.
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The real email channel, each send taking at least `delayMs` (a slow mail server), so a stop lands mid-batch. */
function slowed(channel: DeliveryChannel, delayMs: number): DeliveryChannel {
  if (delayMs === 0) return channel;
  return {
    ...channel,
    send: async (message) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return channel.send(message);
    },
  };
}

describe.each(everyTestBackend)('notifications on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let smtp: SmtpCapture;
  let sms: AfricasTalkingSimulator;
  let people: Record<Person, Signed>;
  let secrets: ReturnType<typeof testSecrets>;
  let appOptions: (sendDelayMs?: number) => CloudAppOptions;

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db.pool);
    await seedDefaultRates(db.pool);
    smtp = await startSmtpCapture({ port: 0 });
    sms = await startAfricasTalkingSimulator({ port: 0, ...at, failEvery: 2, deliveryDelayMs: 20 });
    secrets = testSecrets();
    appOptions = (sendDelayMs = 0) => ({
      db,
      logLevel: 'error',
      ...secrets,
      notifications: {
        channels: {
          email: slowed(
            emailChannel({ smtpUrl: `smtp://127.0.0.1:${String(smtp.port)}`, from: 'ISMAIL <no-reply@ismail.ci>' }),
            sendDelayMs,
          ),
          sms: africasTalkingChannel({ baseUrl: sms.url, ...at, senderId: 'ISMAIL' }),
        },
        retryLimit: 3,
        retryDelaySeconds: 1,
        pollingIntervalSeconds: 0.5,
        publicUrl: 'http://127.0.0.1:8080',
      },
    });
    app = await buildCloudApp(appOptions());
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    sms.setDeliveryReportUrl(
      `${url}/v1/notifications/receipts/africastalking/${app.notifications.service.receiptToken('africastalking')}`,
    );
    await app.notifications.service.start();
    // A new installation announces only what happens from now on: the first tick sets the cursors.
    await app.notifications.feeder.tick();
    people = await createPeople(db, app, secrets.masterKey);
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await sms.close();
    await db.close();
  });

  const deliveries = async (notificationId: string) =>
    (
      await db.pool.query<{
        channel: string;
        status: string;
        reason: string | null;
        attempts: number;
        sms_parts: number | null;
        id: string;
      }>(
        'SELECT id, channel, status, reason, attempts, sms_parts FROM notification_deliveries WHERE notification_id = $1 ORDER BY channel',
        [notificationId],
      )
    ).rows;
  const mailsTo = (email: string) => smtp.messages().filter((m) => m.envelopeTo.includes(email));

  it('emails the activation in French with the ISMAIL ID, and texts it', async () => {
    const id = randomUUID();
    const email = `aicha-${id.slice(0, 8)}@test.ismail.ci`;
    await db.pool.query(
      "INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, phone_e164) VALUES ($1, 'client', 'Aïcha Koné', 'Aïcha', 'Koné', $2, 'x', '+2250701020304')",
      [id, email],
    );
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/v1/operator/accounts/${id}/activate`,
          headers: { authorization: `Bearer ${secrets.operatorToken}` },
        })
      ).statusCode,
    ).toBeLessThan(300);
    expect(await app.notifications.feeder.tick()).toBeGreaterThanOrEqual(1);
    const { rows } = await db.pool.query<{ ismail_id: string }>('SELECT ismail_id FROM accounts WHERE id = $1', [id]);
    const ismailId = rows[0]?.ismail_id ?? '';
    const [mail] = await until(
      async () => mailsTo(email),
      (m) => m.length >= 1,
    );
    expect(mail?.subject).toBe('Votre compte ISMAIL est activé');
    expect(mail?.text).toContain('Bonjour Aïcha,');
    expect(mail?.text).toContain(`Votre numéro ISMAIL est ${ismailId}`);
    expect(mail?.html).toContain('activé');
    expect(mail?.from).toContain('no-reply@ismail.ci');
    const texted = await until(
      async () => sms.messages().filter((m) => m.number === '+2250701020304' && m.statusCode === 101),
      (m) => m.length >= 1,
    );
    expect(texted[0]?.message).toContain(ismailId);
  });

  it('answers a receipt that overtakes its send with 404, so the provider posts it again, then applies it', async () => {
    const path = `/v1/notifications/receipts/africastalking/${app.notifications.service.receiptToken('africastalking')}`;
    const messageId = `ATXid_${randomUUID().replaceAll('-', '')}`;
    const receipt = new URLSearchParams({ id: messageId, status: 'Failed', failureReason: 'DeliveryFailure' });
    const post = () =>
      app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: receipt.toString(),
      });
    // The send is not recorded yet: the receipt is not swallowed with a 200.
    expect((await post()).statusCode).toBe(404);
    const sent = await app.notifications.service.emit({
      key: `test:${randomUUID()}`,
      type: 'wallet.credits_bought',
      recipientId: people.clientB.id,
      data: { firstName: 'B', credits: '10,00', amountXof: 500, channel: 'Wave' },
    });
    // Its push delivery (skipped: no subscription, so no worker moves it again) stands for the send.
    const delivery = (await deliveries(sent.notificationId)).find((d) => d.channel === 'push');
    expect(delivery?.status).toBe('skipped');
    await db.pool.query(
      "UPDATE notification_deliveries SET status = 'sent', provider = 'africastalking', provider_message_id = $2 WHERE id = $1",
      [delivery?.id, messageId],
    );
    // Posted again once the send is known: applied.
    expect((await post()).statusCode).toBe(200);
    expect((await deliveries(sent.notificationId)).find((d) => d.id === delivery?.id)?.status).toBe('failed');
  });

  it(
    'counts a 200-character French SMS as the provider does, retries a failed send and records receipts',
    { timeout: 120_000 },
    async () => {
      const recipient = people.clientA;
      await db.pool.query("UPDATE accounts SET phone_e164 = '+2250505050505' WHERE id = $1", [recipient.id]);
      const base = renderNotification('wallet.debited_above_threshold', 'fr', {
        firstName: 'A',
        credits: '150,00',
        what: '',
      }).sms.length;
      const what = `reçu ${'x'.repeat(200 - base - 5)}`;
      const text = renderNotification('wallet.debited_above_threshold', 'fr', {
        firstName: 'A',
        credits: '150,00',
        what,
      }).sms;
      expect(text).toHaveLength(200);
      expect(smsLength(text)).toMatchObject({ encoding: 'UCS-2', parts: 3 });
      // Two sends in a row: the simulator fails one of any two, so a retry must happen here.
      await app.notifications.service.emit({
        key: `test:${randomUUID()}`,
        type: 'wallet.credits_bought',
        recipientId: recipient.id,
        data: { firstName: 'A', credits: '10,00', amountXof: 500, channel: 'Wave' },
      });
      const emitted = await app.notifications.service.emit({
        key: `test:${randomUUID()}`,
        type: 'wallet.debited_above_threshold',
        recipientId: recipient.id,
        data: { firstName: 'A', credits: '150,00', what },
      });
      const smsDelivery = await until(
        async () => (await deliveries(emitted.notificationId)).find((d) => d.channel === 'sms'),
        (d) => d?.status === 'delivered',
      );
      expect(smsDelivery).toMatchObject({ status: 'delivered', sms_parts: 3 });
      const atSide = sms.messages().filter((m) => m.message === text && m.statusCode === 101);
      expect(atSide).toHaveLength(1);
      expect(atSide[0]).toMatchObject({ encoding: 'UCS-2', parts: 3 });

      // The simulator answers 500 to every other send: some delivery needed a second attempt.
      const retried = await until(
        async () =>
          (
            await db.pool.query<{ n: number }>(
              "SELECT count(*)::int AS n FROM notification_delivery_events WHERE detail LIKE 'will retry:%'",
            )
          ).rows[0]?.n ?? 0,
        (n) => n >= 1,
      );
      expect(retried).toBeGreaterThanOrEqual(1);

      // A number the network cannot reach: sent, then the receipt records the failure.
      await db.pool.query("UPDATE accounts SET phone_e164 = '+2250505050508' WHERE id = $1", [recipient.id]);
      const unreachable = await app.notifications.service.emit({
        key: `test:${randomUUID()}`,
        type: 'wallet.credits_bought',
        recipientId: recipient.id,
        data: { firstName: 'A', credits: '10,00', amountXof: 500, channel: 'Wave' },
      });
      expect(
        await until(
          async () => (await deliveries(unreachable.notificationId)).find((d) => d.channel === 'sms')?.status,
          (s) => s === 'failed',
        ),
      ).toBe('failed');
      // An invalid number: refused at once, not retried, final status recorded.
      await db.pool.query("UPDATE accounts SET phone_e164 = '+2250505050509' WHERE id = $1", [recipient.id]);
      const invalid = await app.notifications.service.emit({
        key: `test:${randomUUID()}`,
        type: 'wallet.credits_bought',
        recipientId: recipient.id,
        data: { firstName: 'A', credits: '10,00', amountXof: 500, channel: 'Wave' },
      });
      const refused = await until(
        async () => (await deliveries(invalid.notificationId)).find((d) => d.channel === 'sms'),
        (d) => d?.status === 'failed',
      );
      expect(refused?.status).toBe('failed');
      expect(refused?.reason).toContain('InvalidPhoneNumber');
      // Refused for good: no further attempt after the refusal (at most one 500 before it).
      expect(refused?.attempts).toBeLessThanOrEqual(2);
    },
  );

  it('sends one message per channel when the same event is emitted twice', async () => {
    const key = `test:${randomUUID()}`;
    const data = { firstName: 'Kofi', invoiceNumber: `F-${key.slice(-6)}`, totalXof: 12_500 };
    const first = await app.notifications.service.emit({
      key,
      type: 'invoice.issued',
      recipientId: people.clientB.id,
      data,
    });
    const second = await app.notifications.service.emit({
      key,
      type: 'invoice.issued',
      recipientId: people.clientB.id,
      data,
    });
    expect(second.duplicate).toBe(true);
    expect(second.notificationId).toBe(first.notificationId);
    await until(
      async () => mailsTo(people.clientB.email).filter((m) => m.subject === `Facture ${data.invoiceNumber}`),
      (m) => m.length >= 1,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(mailsTo(people.clientB.email).filter((m) => m.subject === `Facture ${data.invoiceNumber}`)).toHaveLength(1);
    expect((await deliveries(first.notificationId)).map((d) => d.channel)).toEqual(['email', 'in_app']);
  });

  it('obeys a turned-off channel, and sends marketing only with consent, with an unsubscribe link that works', async () => {
    await db.pool.query("UPDATE accounts SET phone_e164 = '+2250707070707' WHERE id = $1", [people.partnerA.id]);
    const off = await app.inject({
      method: 'PUT',
      url: '/v1/notifications/preferences',
      headers: bearer(people.partnerA),
      payload: { changes: [{ eventType: 'wallet.credits_bought', channel: 'sms', enabled: false }] },
    });
    expect(off.statusCode).toBe(200);
    const quiet = await app.notifications.service.emit({
      key: `test:${randomUUID()}`,
      type: 'wallet.credits_bought',
      recipientId: people.partnerA.id,
      data: { firstName: 'P', credits: '1,00', amountXof: 50, channel: 'espèces' },
    });
    expect(quiet.deliveries.find((d) => d.channel === 'sms')).toMatchObject({
      status: 'skipped',
      reason: 'turned off by the user',
    });
    const badChange = await app.inject({
      method: 'PUT',
      url: '/v1/notifications/preferences',
      headers: bearer(people.partnerA),
      payload: { changes: [{ eventType: 'invoice.issued', channel: 'sms', enabled: true }] },
    });
    expect(badChange.statusCode).toBe(400);

    const announce = (key: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/admin/notifications/announcements',
        headers: bearer(people.admin),
        payload: {
          key,
          title: 'Nouveautés ISMAIL',
          body: 'Découvrez la boutique.',
          recipientIds: [people.repA.id, people.repB.id],
        },
      });
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: '/v1/notifications/marketing-consent',
          headers: bearer(people.repB),
          payload: { granted: true },
        })
      ).statusCode,
    ).toBe(200);
    expect((await announce('spring')).json()).toEqual({ sent: 1, skipped: 1 });
    const [promo] = await until(
      async () => mailsTo(people.repB.email).filter((m) => m.subject === 'Nouveautés ISMAIL'),
      (m) => m.length >= 1,
    );
    expect(mailsTo(people.repA.email).filter((m) => m.subject === 'Nouveautés ISMAIL')).toHaveLength(0);
    const link = /(http:\/\/\S+\/v1\/notifications\/unsubscribe\?\S+)/.exec(promo?.text ?? '')?.[1] ?? '';
    expect(link).not.toBe('');
    const forged = await app.inject({
      method: 'GET',
      url: new URL(link).pathname + new URL(link).search.replace(/token=[^&]+/, 'token=forged'),
    });
    expect(forged.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: new URL(link).pathname + new URL(link).search })).statusCode).toBe(
      200,
    );
    expect((await announce('summer')).json()).toEqual({ sent: 0, skipped: 2 });
  });

  it('turns card and wallet events into notifications, pushed live to an open screen, and marks them read', async () => {
    const holder = people.clientB;
    // The counter screen: a WebSocket with the access token as subprotocol, on the port the
    // app listens on (beforeAll); the live push is asserted every time, never skipped.
    const address = app.server.address() as AddressInfo | null;
    expect(address, 'the app listens (beforeAll), so the screen can connect').not.toBeNull();
    const url = `ws://127.0.0.1:${String(address?.port)}/v1/notifications/stream`;
    const received: { type: string; notification?: { title: string } }[] = [];
    const socket = new WebSocket(url, ['bearer', holder.token]);
    socket.on('message', (data: Buffer) => received.push(JSON.parse(data.toString()) as { type: string }));
    expect(
      (
        await until(
          async () => received,
          (r) => r.some((m) => m.type === 'ready'),
          5_000,
        )
      ).map((m) => m.type),
    ).toContain('ready');
    try {
      await app.inject({
        method: 'POST',
        url: `/v1/operator/accounts/${holder.id}/activate`,
        headers: { authorization: `Bearer ${secrets.operatorToken}` },
      });
      const issued = await app.inject({
        method: 'POST',
        url: `/v1/operator/accounts/${holder.id}/cards`,
        headers: { authorization: `Bearer ${secrets.operatorToken}` },
      });
      expect(issued.statusCode).toBe(201);
      await app.wallet.operations.buyCreditsWithCash(
        { actor: { label: 'test' }, scope: 'system', idempotencyKey: `cash-${randomUUID()}` },
        { accountId: holder.id, hubId: await cashHub(db), amountXof: 1_000 },
      );
      expect(await app.notifications.feeder.tick()).toBeGreaterThanOrEqual(2);
      const mails = await until(
        async () => mailsTo(holder.email),
        (m) => m.some((x) => x.subject.startsWith('Votre carte professionnelle ISMAIL')),
      );
      expect(mails.some((m) => /Votre carte professionnelle ISMAIL est (prête|renouvelée)/.test(m.subject))).toBe(true);
      const list = (await app.inject({ method: 'GET', url: '/v1/notifications', headers: bearer(holder) })).json<{
        notifications: { id: string; type: string; deliveries: { channel: string; status: string }[] }[];
      }>();
      const bought = list.notifications.find((n) => n.type === 'wallet.credits_bought');
      expect(bought).toBeDefined();
      await until(
        async () => received,
        (r) => r.some((m) => m.notification?.title === 'Crédits ajoutés'),
        5_000,
      );
      expect(received.some((m) => m.notification?.title === 'Crédits ajoutés')).toBe(true);
      // No browser subscribed and no push channel in this app: push is skipped with its reason.
      expect(bought?.deliveries.find((d) => d.channel === 'push')?.status).toBe('skipped');
      const read = await app.inject({
        method: 'POST',
        url: `/v1/notifications/${bought?.id ?? ''}/read`,
        headers: bearer(holder),
      });
      expect(read.statusCode).toBe(200);
      const after = (await app.inject({ method: 'GET', url: '/v1/notifications', headers: bearer(holder) })).json<{
        notifications: { id: string; readAt: string | null; deliveries: { channel: string; status: string }[] }[];
      }>();
      const again = after.notifications.find((n) => n.id === bought?.id);
      expect(again?.readAt).not.toBeNull();
      expect(again?.deliveries.find((d) => d.channel === 'in_app')?.status).toBe('read');
      // Someone else cannot mark it read.
      expect(
        (
          await app.inject({
            method: 'POST',
            url: `/v1/notifications/${bought?.id ?? ''}/read`,
            headers: bearer(people.clientA),
          })
        ).statusCode,
      ).toBe(404);
    } finally {
      socket.close();
    }
  });

  it('sends each remaining message once after a stop in the middle of a batch and a restart', async () => {
    await app.close();
    app = await buildCloudApp(appOptions(300));
    await app.notifications.service.start();
    const batch = Array.from({ length: 12 }, (_, i) => `F-RESTART-${String(i).padStart(2, '0')}`);
    for (const invoiceNumber of batch) {
      await app.notifications.service.emit({
        key: `restart:${invoiceNumber}`,
        type: 'invoice.issued',
        recipientId: people.chiefA.id,
        data: { firstName: 'Chef', invoiceNumber, totalXof: 1_000 },
      });
    }
    const ours = () => mailsTo(people.chiefA.email).filter((m) => m.subject.startsWith('Facture F-RESTART-'));
    await until(
      async () => ours(),
      (m) => m.length >= 1,
      10_000,
    );
    await app.close(); // graceful: the send in progress finishes, the rest stays queued
    const sentBeforeRestart = ours().length;
    expect(sentBeforeRestart).toBeLessThan(batch.length);
    app = await buildCloudApp(appOptions());
    await app.notifications.service.start();
    const all = await until(
      async () => ours(),
      (m) => m.length >= batch.length,
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const subjects = ours()
      .map((m) => m.subject)
      .sort();
    expect(subjects).toEqual(batch.map((n) => `Facture ${n}`).sort());
    expect(all.length).toBe(batch.length);
  });
});
