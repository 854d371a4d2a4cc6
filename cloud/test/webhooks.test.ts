// Partners' webhooks for device events, over HTTP: a partner subscribes a receiver (a local
// HTTP server standing for the partner's system) to alarms; a hub pushes an alarm; the worker
// posts it signed (the receiver checks the HMAC with the secret it was given once); the same
// operation pushed again is a duplicate and queues nothing; a receiver answering 500 gets the
// delivery again later, once; a public-HTTPS-only cloud refuses private URLs; another partner
// cannot stop the webhook.
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubOperation, PushResponse } from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { buildCloudApp } from '../src/app.js';
import { Webhooks } from '../src/modules/webhooks/webhooks.js';
import { testBackends, testSecrets } from './support/databases.js';
import { bearer, createPeople, type Person, type Signed } from './support/people.js';
import { pairTestHub } from './support/test-hub.js';

describe.each(testBackends)('webhooks on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let receiver: Server;
  let receiverUrl: string;
  let allowed: string[] = [];
  let answer = 200;
  let masterKey: { bytes: Buffer };
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
        response.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${String((receiver.address() as AddressInfo).port)}/ismail`;
    // The operator's explicit allowance for this receiver, and nothing else (the default is none).
    allowed = [`127.0.0.1:${String((receiver.address() as AddressInfo).port)}`];
    const secrets = testSecrets();
    masterKey = secrets.masterKey;
    app = await buildCloudApp({
      schemaCompilation: 'on-first-use',
      db,
      logLevel: 'error',
      webhooksAllowPrivateHosts: allowed,
      ...secrets,
    });
    people = await createPeople(db, app, secrets.masterKey);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('delivers a hub’s alarm once, signed, retries after a failure, and keeps partners apart', async () => {
    const subscribed = await app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: bearer(people.partnerA),
      payload: { url: receiverUrl, events: ['device.alarm'] },
    });
    expect(subscribed.statusCode, subscribed.body).toBe(201);
    const { id, secret } = subscribed.json<{ id: string; secret: string }>();
    expect(
      (await app.inject({ method: 'DELETE', url: `/v1/webhooks/${id}`, headers: bearer(people.partnerB) })).statusCode,
    ).toBe(404);

    const hub = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse');
    const alarm = (seq: number): HubOperation => ({
      id: randomUUID(),
      seq,
      type: 'iot.alarm',
      at: new Date().toISOString(),
      payload: {
        deviceId: randomUUID(),
        deviceName: 'Alarme réserve',
        kind: 'intrusion',
        at: new Date().toISOString(),
      },
    });
    const push = (ops: HubOperation[]) =>
      hub.inject(app, { method: 'POST', url: '/v1/hubs/sync/push', payload: { operations: ops } });
    const first = alarm(1);
    expect((await push([first])).json<PushResponse>().outcomes[0]?.status).toBe('applied');
    expect((await push([first])).json<PushResponse>().outcomes[0]?.status).toBe('duplicate');

    expect(await app.webhooks.tick()).toMatchObject({ delivered: 1 });
    expect(received).toHaveLength(1);
    const [delivery] = received;
    const [t, v1] = (delivery?.signature ?? '').split(',').map((part) => part.split('=')[1]);
    expect(v1).toBe(
      createHmac('sha256', secret)
        .update(`${t ?? ''}.${delivery?.body ?? ''}`)
        .digest('hex'),
    );
    expect(delivery?.event).toBe('device.alarm');
    expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({
      type: 'device.alarm',
      data: { hubId: hub.id, deviceName: 'Alarme réserve', kind: 'intrusion' },
    });
    expect(await app.webhooks.tick()).toMatchObject({ delivered: 0 });

    // The receiver fails once: the delivery waits, then comes again (later), once.
    answer = 500;
    expect((await push([alarm(2)])).json<PushResponse>().outcomes[0]?.status).toBe('applied');
    expect(await app.webhooks.tick()).toMatchObject({ retried: 1 });
    answer = 200;
    expect(await app.webhooks.tick()).toMatchObject({ delivered: 0 });
    const later = new Webhooks(db, testSecrets().masterKey, {
      allowPrivateHosts: allowed,
      now: () => new Date(Date.now() + 60_000),
    });
    // A second worker with another master key cannot read the secret: the first, a minute on, delivers.
    await expect(later.tick()).rejects.toThrow();
    await db.pool.query(
      "UPDATE webhook_deliveries SET next_attempt_at = now() - interval '1 minute' WHERE status = $1",
      ['pending'],
    );
    expect(await app.webhooks.tick()).toMatchObject({ delivered: 1 });
    expect(received).toHaveLength(3);
    expect(
      (await app.inject({ method: 'GET', url: '/v1/webhooks', headers: bearer(people.partnerA) })).json(),
    ).toMatchObject({ webhooks: [{ id, pending: 0, failed: 0 }] });
  });

  it('queues a delivery on the clock that sends it: due at once when that clock is behind the database', async () => {
    // Seen in CI: queued and sent within one millisecond, the database's microsecond now() was "later" than the
    // sender's millisecond clock and the delivery waited. A clock a minute behind makes that race certain.
    const behind = new Webhooks(db, masterKey, {
      allowPrivateHosts: allowed,
      now: () => new Date(Date.now() - 60_000),
    });
    const before = received.length;
    const queued = await withTransaction(db.pool, (client) =>
      behind.enqueue(client, people.partnerA.id, { id: randomUUID(), type: 'device.alarm', data: { kind: 'smoke' } }),
    );
    expect(queued).toBe(1);
    expect(await behind.tick()).toMatchObject({ delivered: 1, retried: 0 });
    expect(received.length).toBe(before + 1);
    expect(JSON.parse(received.at(-1)?.body ?? '{}')).toMatchObject({ data: { kind: 'smoke' } });
  });

  it('takes only public HTTPS URLs when no private address is allowed', async () => {
    // DNS as the test has it: a public partner host, and a printer on the shop's network.
    const resolve = async (hostname: string) =>
      ({
        'hooks.example.com': [{ address: '93.184.215.14', family: 4 as const }],
        'printer.local': [{ address: '192.168.1.20', family: 4 as const }],
      })[hostname] ?? [];
    const strict = new Webhooks(db, testSecrets().masterKey, { resolve });
    for (const url of [
      'http://hooks.example.com/hook',
      'https://127.0.0.1/hook',
      'https://10.0.0.5/hook',
      'https://localhost/hook',
      'https://[::1]/hook',
      'https://printer.local/hook',
      receiverUrl,
    ]) {
      await expect(strict.subscribe(people.partnerA.id, { url, events: ['device.alarm'] })).rejects.toThrow(
        /public HTTPS/,
      );
    }
    await expect(
      strict.subscribe(people.partnerA.id, { url: 'https://hooks.example.com/ismail', events: ['device.alarm'] }),
    ).resolves.toMatchObject({ secret: expect.stringMatching(/^whsec_/) as unknown });
  });
});
