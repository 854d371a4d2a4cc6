// Proves the proxy asks Electric only for the hub's own shape (the cloud's where and columns, whatever the hub sent),
// relays Electric's protocol headers with a private cache-control, and turns a down, slow, failing or oversized
// Electric into a value the route answers 503, against real local HTTP servers.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCloudConfig } from '../../config-rules.js';
import {
  ElectricProxy,
  electricRequestUrl,
  electricShapeFor,
  privateCacheControl,
  type ProxiedShapeRequest,
} from './electric-proxy.js';

const hub = { hubId: '11111111-1111-4111-8111-111111111111', partnerId: '22222222-2222-4222-8222-222222222222' };

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return `http://127.0.0.1:${String(address.port)}`;
}

describe('the Electric proxy', () => {
  it('asks for one table per shape, filtered on the hub’s partner, or on the hub itself for its invoices', () => {
    expect(electricShapeFor('shop_products', hub)).toEqual({
      table: 'shop_products',
      where: `partner_id = '${hub.partnerId}'`,
      columns: 'id,name,category,kind,barcode,price_xof,tax_group,active',
    });
    expect(electricShapeFor('booking_reservations', hub).columns).toBe(
      'id,unit_id,guest_ismail_id,check_in,check_out,guests,status',
    );
    expect(electricShapeFor('real_estate_visits', hub).where).toBe(`partner_id = '${hub.partnerId}'`);
    expect(electricShapeFor('hub_invoice_clearances', hub)).toMatchObject({
      table: 'invoices',
      where: `clearance_hub_id = '${hub.hubId}' AND issuer_account_id = '${hub.partnerId}'`,
    });
    expect(() => electricShapeFor('shop_products', { ...hub, partnerId: "x' OR '1'='1" })).toThrow(/not a UUID/);
  });

  it('never forwards the hub’s own where, columns, replica or subset, and keeps ELECTRIC_URL’s secret', () => {
    const request: ProxiedShapeRequest = {
      table: 'shop_products',
      offset: '12_3',
      live: true,
      handle: 'h-1',
      cursor: '42',
      where: '1=1',
      columns: 'id,partner_id',
      replica: 'default',
      'params[1]': 'x',
      subset__where: 'true',
      expired_handle: 'x'.repeat(101),
    };
    const url = electricRequestUrl('http://electric:3000/base/?secret=s3cr3t', hub, request);
    expect(url.pathname).toBe('/base/v1/shape');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      secret: 's3cr3t',
      table: 'shop_products',
      where: `partner_id = '${hub.partnerId}'`,
      columns: 'id,name,category,kind,barcode,price_xof,tax_group,active',
      replica: 'full',
      offset: '12_3',
      live: 'true',
      handle: 'h-1',
      cursor: '42',
    });
  });

  it('is refused at start-up without a PostgreSQL server (Electric cannot replicate the embedded database)', () => {
    const refused = parseCloudConfig({ ELECTRIC_URL: 'http://electric:3000' });
    expect(refused.ok ? [] : refused.problems.map((p) => p.variable)).toEqual(['ELECTRIC_URL']);
    expect(parseCloudConfig({ ELECTRIC_URL: 'ftp://electric' }).ok).toBe(false);
  });

  it('makes Electric’s public lifetimes private (a shared cache would skip the hub check)', () => {
    expect(privateCacheControl('public, max-age=604800, s-maxage=3600, stale-while-revalidate=2629746')).toBe(
      'private, max-age=604800, stale-while-revalidate=2629746',
    );
    expect(privateCacheControl('no-store')).toBe('no-store');
  });

  it('relays status, electric-* headers, etag and body, and nothing else Electric set', async () => {
    let asked: http.IncomingHttpHeaders = {};
    const url = await serve((request, response) => {
      asked = request.headers;
      response.writeHead(200, {
        'content-type': 'application/json',
        'electric-handle': 'h-1',
        'electric-offset': '0_inf',
        'electric-up-to-date': '',
        etag: '"h-1:-1:0_inf"',
        'cache-control': 'public, max-age=60',
        'set-cookie': 'tracking=1',
      });
      response.end('[{"headers":{"control":"up-to-date"}}]');
    });
    const answer = await new ElectricProxy({ electricUrl: url }).forward(
      hub,
      { table: 'shop_products', offset: '-1' },
      '"old"',
      new AbortController().signal,
    );
    expect(answer).toMatchObject({
      kind: 'relayed',
      status: 200,
      headers: {
        'electric-handle': 'h-1',
        'electric-offset': '0_inf',
        'electric-up-to-date': '',
        etag: '"h-1:-1:0_inf"',
        'cache-control': 'private, max-age=60',
      },
    });
    if (answer.kind !== 'relayed') throw new Error('not relayed');
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(answer.body.toString()).toBe('[{"headers":{"control":"up-to-date"}}]');
    expect(asked['if-none-match']).toBe('"old"');
    expect(asked.authorization).toBeUndefined();
  });

  it('answers unavailable when Electric is down, fails, is too slow or answers too much', async () => {
    const request: ProxiedShapeRequest = { table: 'shop_products', offset: '-1' };
    const signal = new AbortController().signal;
    const closed = await serve(() => undefined);
    const down = closed.replace(/:\d+$/, ':1');
    expect(await new ElectricProxy({ electricUrl: down }).forward(hub, request, undefined, signal)).toMatchObject({
      kind: 'unavailable',
    });
    const failing = await serve((_request, response) => {
      response.writeHead(500);
      response.end('boom');
    });
    expect(await new ElectricProxy({ electricUrl: failing }).forward(hub, request, undefined, signal)).toEqual({
      kind: 'unavailable',
      why: 'Electric answered 500',
    });
    const started = Date.now();
    const slow = await new ElectricProxy({ electricUrl: closed, requestTimeoutMs: 200 }).forward(
      hub,
      request,
      undefined,
      signal,
    );
    expect(slow).toEqual({ kind: 'unavailable', why: 'no answer within 200 ms' });
    expect(Date.now() - started).toBeLessThan(5_000);
    // Past its in-flight bound, a request is not sent; the one waiting is ended by its hub leaving.
    const bounded = new ElectricProxy({ electricUrl: closed, inFlightMax: 1 });
    const leaving = new AbortController();
    const waiting = bounded.forward(hub, request, undefined, leaving.signal);
    expect(await bounded.forward(hub, request, undefined, signal)).toEqual({
      kind: 'unavailable',
      why: 'over 1 requests in flight to Electric',
    });
    leaving.abort();
    expect(await waiting).toMatchObject({ kind: 'unavailable' });
    const large = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('['.padEnd(600, ' '));
      response.end(' ]');
    });
    expect(
      await new ElectricProxy({ electricUrl: large, responseMaxBytes: 500 }).forward(hub, request, undefined, signal),
    ).toEqual({ kind: 'unavailable', why: "Electric's answer is over 500 bytes" });
  });
});
