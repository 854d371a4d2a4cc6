// A partner's webhook test event and delivery log over HTTP: the test event is queued and posted by the same worker,
// signed with the secret given once (the receiver checks it), and the log shows the attempt with its status code and
// time; a failing receiver shows the status, the next retry and no body of theirs; another partner's webhook id, a
// stopped webhook and an unknown one answer 404 to both routes; read-only staff read the log but cannot send; a
// second test while one waits is refused; the secret is never in a listing, a log or the audit.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { buildCloudApp } from '../src/app.js';
import type { DeliveryLogEntry } from '../src/modules/webhooks/delivery-log.js';
import { testBackends, testSecrets } from './support/databases.js';
import { bearer, createPeople, type Person, type Signed } from './support/people.js';

describe.each(testBackends)('webhook test event and delivery log on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let receiver: Server;
  let receiverUrl: string;
  let answer = 200;
  const received: { body: string; signature: string; event: string }[] = [];

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db.pool);
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({
          body,
          signature: String(request.headers['x-ismail-signature']),
          event: String(request.headers['x-ismail-event']),
        });
        response.writeHead(answer).end('receiver-secret-body');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = String((receiver.address() as AddressInfo).port);
    receiverUrl = `http://127.0.0.1:${port}/ismail`;
    const secrets = testSecrets();
    app = await buildCloudApp({
      schemaCompilation: 'on-first-use',
      db,
      logLevel: 'error',
      webhooksAllowPrivateHosts: [`127.0.0.1:${port}`],
      ...secrets,
    });
    people = await createPeople(db, app, secrets.masterKey);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const log = async (who: Signed, id: string) =>
    app.inject({ method: 'GET', url: `/v1/webhooks/${id}/deliveries`, headers: bearer(who) });
  const sendTest = async (who: Signed, id: string) =>
    app.inject({ method: 'POST', url: `/v1/webhooks/${id}/test`, headers: bearer(who) });

  it('posts the test event signed through the worker and logs the attempt; others get 404', async () => {
    const subscribed = await app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: bearer(people.partnerA),
      payload: { url: receiverUrl, events: ['device.alarm'] },
    });
    expect(subscribed.statusCode, subscribed.body).toBe(201);
    const { id, secret } = subscribed.json<{ id: string; secret: string }>();

    // Another partner's webhook id: not found on both routes (nothing says it exists).
    expect((await sendTest(people.partnerB, id)).statusCode).toBe(404);
    expect((await log(people.partnerB, id)).statusCode).toBe(404);
    // Read-only staff of the owner read the log but may not send; other profiles are refused.
    expect((await log(people.staffA, id)).statusCode).toBe(200);
    expect((await sendTest(people.staffA, id)).statusCode).toBe(403);
    expect((await sendTest(people.clientA, id)).statusCode).toBe(403);
    expect((await sendTest(people.partnerA, 'not-a-uuid')).statusCode).toBe(400);

    const sent = await sendTest(people.partnerA, id);
    expect(sent.statusCode, sent.body).toBe(202);
    // One test waiting at a time.
    expect((await sendTest(people.partnerA, id)).statusCode).toBe(409);
    const waiting = (await log(people.partnerA, id)).json<{ deliveries: DeliveryLogEntry[] }>().deliveries;
    expect(waiting).toMatchObject([{ eventType: 'webhook.test', status: 'pending', attempts: 0, statusCode: null }]);

    // The very worker that posts device events posts it.
    expect(await app.webhooks.tick()).toMatchObject({ delivered: 1 });
    expect(received).toHaveLength(1);
    const [delivery] = received;
    const [t, v1] = (delivery?.signature ?? '').split(',').map((part) => part.split('=')[1]);
    expect(v1).toBe(
      createHmac('sha256', secret)
        .update(`${t ?? ''}.${delivery?.body ?? ''}`)
        .digest('hex'),
    );
    expect(delivery?.event).toBe('webhook.test');
    expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({ type: 'webhook.test', data: { test: true } });

    const delivered = (await log(people.partnerA, id)).json<{ deliveries: DeliveryLogEntry[] }>().deliveries;
    expect(delivered[0]).toMatchObject({ status: 'delivered', attempts: 1, statusCode: 200, nextAttemptAt: null });
    expect(delivered[0]?.lastAttemptAt).toEqual(expect.any(String));

    // A failing receiver: its status code and the next retry, never its body.
    answer = 503;
    expect((await sendTest(people.partnerA, id)).statusCode).toBe(202);
    expect(await app.webhooks.tick()).toMatchObject({ retried: 1 });
    answer = 200;
    const failing = (await log(people.partnerA, id)).json<{ deliveries: DeliveryLogEntry[] }>();
    expect(failing.deliveries[0]).toMatchObject({ status: 'pending', attempts: 1, statusCode: 503, error: 'HTTP 503' });
    expect(failing.deliveries[0]?.nextAttemptAt).toEqual(expect.any(String));
    expect(JSON.stringify(failing)).not.toContain('receiver-secret-body');

    // The secret is shown once: never in the listing, the log or the audit.
    const listing = await app.inject({ method: 'GET', url: '/v1/webhooks', headers: bearer(people.partnerA) });
    expect(listing.body).not.toContain(secret);
    expect(JSON.stringify(failing)).not.toContain(secret);
    const audit = await db.pool.query<{ detail: unknown }>(
      "SELECT detail FROM audit_log WHERE action = 'webhook.test_sent' AND subject_id = $1",
      [id],
    );
    expect(audit.rows).toHaveLength(2);
    expect(JSON.stringify(audit.rows)).not.toContain(secret);

    // Stopped: gone from both routes.
    await app.inject({ method: 'DELETE', url: `/v1/webhooks/${id}`, headers: bearer(people.partnerA) });
    expect((await sendTest(people.partnerA, id)).statusCode).toBe(404);
    expect((await log(people.partnerA, id)).statusCode).toBe(404);
  });
});
