// Attack (issue 20.6): a partner points a webhook at our own network (SSRF). Every address
// class that is not the public internet is refused at registration with WEBHOOK_URL_REFUSED,
// written as an IP literal in any of its spellings or as a name that resolves there; a name
// that resolved to a public address when registered and to a private one when sent (DNS
// rebinding) is refused at send time without a connection; the delivery log shows status
// codes and our own words, never the receiver's body. The operator's allowance for a local
// simulator is an explicit list of address:port, off by default, and the connection goes to
// the address that was checked (a name no DNS knows is delivered through the test resolver).
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { withTransaction } from '../../src/platform/db/transaction.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { Webhooks } from '../../src/modules/webhooks/webhooks.js';
import { testBackends } from '../support/databases.js';
import { moneyState } from '../support/money-state.js';
import { bearer, type Person, type Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';

/** Every class of address a webhook must never reach, in the spellings an attacker would try. */
const forbiddenUrls = [
  // loopback, and its other spellings (the URL parser turns decimal and hex into 127.0.0.1)
  'https://127.0.0.1/hook',
  'https://127.8.9.10/hook',
  'https://2130706433/hook',
  'https://0x7f.0.0.1/hook',
  'https://[::1]/hook',
  'https://localhost/hook',
  'https://LocalHost./hook',
  // RFC 1918
  'https://10.0.0.5/hook',
  'https://172.16.3.4/hook',
  'https://192.168.1.1/hook',
  // link-local and the metadata services
  'https://169.254.1.1/hook',
  'https://169.254.169.254/latest/meta-data/',
  'https://[fe80::1]/hook',
  'https://[fd00:ec2::254]/latest/meta-data/',
  // CGNAT, unique-local
  'https://100.64.0.1/hook',
  'https://100.127.255.254/hook',
  'https://[fc00::1]/hook',
  'https://[fd12:3456:789a::1]/hook',
  // IPv4-mapped IPv6, dotted and hex, of loopback, private and metadata
  'https://[::ffff:127.0.0.1]:8080/',
  'https://[::ffff:7f00:1]/hook',
  'https://[::ffff:10.0.0.1]/hook',
  'https://[::ffff:a9fe:a9fe]/hook',
  'https://[0:0:0:0:0:ffff:127.0.0.1]/hook',
  // NAT64 of loopback and private (64:ff9b::/96)
  'https://[64:ff9b::7f00:1]/hook',
  'https://[64:ff9b::10.0.0.1]/hook',
  // 0.0.0.0/8 and unspecified
  'https://0.0.0.0/hook',
  'https://0.1.2.3/hook',
  'https://[::]/hook',
  // multicast, broadcast, reserved
  'https://224.0.0.1/hook',
  'https://[ff02::1]/hook',
  'https://255.255.255.255/hook',
  'https://240.0.0.1/hook',
  // not HTTPS, or with credentials
  'http://hooks.example.com/hook',
  'ftp://hooks.example.com/hook',
  'https://user:secret@hooks.example.com/hook',
];

/** A resolver the test controls: name → addresses (what DNS would answer now). */
function testResolver(table: Map<string, string[]>) {
  return async (hostname: string): Promise<{ address: string; family: 4 | 6 }[]> => {
    const addresses = table.get(hostname.toLowerCase());
    if (addresses === undefined) throw Object.assign(new Error(`queryA ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

describe.each(testBackends)('attack: webhook SSRF, on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let masterKey: { bytes: Buffer };
  let receiver: Server;
  let port: number;
  let connections = 0;
  let answer = 200;
  const received: { host: string; body: string }[] = [];

  beforeAll(async () => {
    // The default: no allowance at all.
    cloud = await openTestCloud(backend, { seedRates: false });
    ({ db, app, people } = cloud);
    masterKey = cloud.secrets.masterKey;
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ host: String(request.headers.host), body });
        response
          .writeHead(answer, { 'content-type': 'text/plain' })
          .end('FATAL: password authentication failed for user "ismail" at 10.0.3.7:5432');
      });
    });
    receiver.on('connection', () => connections++);
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await cloud.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const subscriptions = async (): Promise<number> =>
    Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM webhook_subscriptions')).rows[0]?.n);
  const codeOf = (body: string): string => (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? '';
  const enqueue = (webhooks: Webhooks) =>
    withTransaction(db.pool, (client) =>
      webhooks.enqueue(client, people.partnerA.id, {
        id: randomUUID(),
        type: 'device.alarm',
        data: { kind: 'intrusion' },
      }),
    );

  it('refuses every private, loopback, link-local, CGNAT, mapped, NAT64, multicast and metadata address over HTTP, and the local receiver by default', async () => {
    const before = await subscriptions();
    const state = await moneyState(db);
    const accepted: string[] = [];
    for (const url of [
      ...forbiddenUrls,
      `http://127.0.0.1:${String(port)}/hook`,
      `https://127.0.0.1:${String(port)}/hook`,
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: bearer(people.partnerA),
        payload: { url, events: ['device.alarm'] },
      });
      if (response.statusCode !== 400 || codeOf(response.body) !== 'WEBHOOK_URL_REFUSED')
        accepted.push(`${url}: ${String(response.statusCode)} ${response.body.slice(0, 120)}`);
    }
    expect(accepted).toEqual([]);
    expect(await subscriptions()).toBe(before);
    expect(connections).toBe(0);
    expect(await moneyState(db)).toEqual(state);
  });

  it('refuses a name that resolves to 127.0.0.1, or to a public and a private address at once', async () => {
    const resolve = testResolver(
      new Map([
        ['internal.partner.example', ['127.0.0.1']],
        ['mixed.partner.example', ['93.184.215.14', '10.1.2.3']],
        ['mapped.partner.example', ['::ffff:169.254.169.254']],
        ['public.partner.example', ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c']],
      ]),
    );
    const webhooks = new Webhooks(db, masterKey, { resolve });
    for (const host of [
      'internal.partner.example',
      'mixed.partner.example',
      'mapped.partner.example',
      'unknown.partner.example',
    ]) {
      await expect(
        webhooks.subscribe(people.partnerA.id, { url: `https://${host}/hook`, events: ['device.alarm'] }),
      ).rejects.toMatchObject({ code: 'WEBHOOK_URL_REFUSED' });
    }
    await expect(
      webhooks.subscribe(people.partnerA.id, { url: 'https://public.partner.example/hook', events: ['device.alarm'] }),
    ).resolves.toMatchObject({ secret: expect.stringMatching(/^whsec_/) as unknown });
    await db.pool.query('UPDATE webhook_subscriptions SET active = false');
  });

  it('checks the address again at send time: a name rebound to 127.0.0.1 gets no connection, and the log says so in our words', async () => {
    const table = new Map([['rebind.partner.example', ['93.184.215.14']]]);
    const webhooks = new Webhooks(db, masterKey, { resolve: testResolver(table) });
    const { id } = await webhooks.subscribe(people.partnerA.id, {
      url: `https://rebind.partner.example:${String(port)}/hook`,
      events: ['device.alarm'],
    });
    // Between registration and sending, the partner's DNS now answers loopback.
    table.set('rebind.partner.example', ['127.0.0.1']);
    expect(await enqueue(webhooks)).toBe(1);
    const seen = connections;
    expect(await webhooks.tick()).toMatchObject({ delivered: 0, retried: 1 });
    expect(connections).toBe(seen);
    const listed = (await webhooks.list(people.partnerA.id)).find((w) => w.id === id);
    expect(listed).toMatchObject({ pending: 1 });
    expect(listed?.lastError).toMatch(/^refused: /);
    expect(listed?.lastError).not.toMatch(/127\.0\.0\.1/);
    await webhooks.unsubscribe(people.partnerA.id, id);
  });

  it("delivers to the operator's allowed simulator through the address it checked, and shows only the status of a failure", async () => {
    // An allowance is address:port: the same address on another port stays refused.
    const resolve = testResolver(new Map([['hooks.partner.example', ['127.0.0.1']]]));
    const webhooks = new Webhooks(db, masterKey, { resolve, allowPrivateHosts: [`127.0.0.1:${String(port)}`] });
    await expect(
      webhooks.subscribe(people.partnerA.id, {
        url: `http://hooks.partner.example:${String(port + 1)}/hook`,
        events: ['device.alarm'],
      }),
    ).rejects.toMatchObject({ code: 'WEBHOOK_URL_REFUSED' });
    await expect(
      webhooks.subscribe(people.partnerA.id, { url: 'https://10.0.0.5/hook', events: ['device.alarm'] }),
    ).rejects.toMatchObject({ code: 'WEBHOOK_URL_REFUSED' });
    // No DNS knows hooks.partner.example: a delivery there went to the address the resolver gave and was checked.
    const { id } = await webhooks.subscribe(people.partnerA.id, {
      url: `http://hooks.partner.example:${String(port)}/hook`,
      events: ['device.alarm'],
    });
    received.length = 0;
    await enqueue(webhooks);
    expect(await webhooks.tick()).toMatchObject({ delivered: 1 });
    expect(received).toHaveLength(1);
    expect(received[0]?.host).toBe(`hooks.partner.example:${String(port)}`);
    // The receiver fails with internal details in its body: the log keeps the status only.
    answer = 500;
    await enqueue(webhooks);
    expect(await webhooks.tick()).toMatchObject({ retried: 1 });
    answer = 200;
    const listed = (await webhooks.list(people.partnerA.id)).find((w) => w.id === id);
    expect(listed?.lastError).toBe('HTTP 500');
    const stored = await db.pool.query<{ last_error: string | null }>(
      'SELECT last_error FROM webhook_deliveries WHERE subscription_id = $1',
      [id],
    );
    for (const row of stored.rows) expect(row.last_error ?? '').not.toMatch(/password|10\.0\.3\.7/);
    await webhooks.unsubscribe(people.partnerA.id, id);
    expect(await checkLedger(db)).toMatchObject({ ok: true });
  });
});
