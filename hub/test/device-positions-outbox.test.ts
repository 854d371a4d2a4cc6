// Devices to the cloud (issue 28.7), at the hub: a tracker's positions leave through the outbox
// one operation per tracker per minute at most, 200 positions at most (evenly thinned, first and
// last kept), each position once; last-seen times leave in one `device.seen` operation per window
// when they changed; synced positions are purged after the retention, unsynced ones never. And
// the hub publishes a CRL signed by its device CA listing a revoked certificate's serial, read
// over HTTP and checked both by @peculiar/x509 and by the openssl program.
import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevicePositionsPayloadSchema, DevicesSeenPayloadSchema, type DevicePositionsPayload } from '@ismail/shared';
import { buildHubApp } from '../src/http/app.js';
import { loadOrCreateAdminToken } from '../src/http/admin-token.js';
import { DeviceCa } from '../src/iot/device-ca.js';
import { DeviceRegistry } from '../src/iot/devices.js';
import { DeviceRouter } from '../src/iot/device-router.js';
import { PositionBatcher, evenlySpread } from '../src/iot/position-batcher.js';
import { migrateHubDatabase } from '../src/store/migrate.js';
import { openHubDatabase, type HubDatabase } from '../src/store/open.js';
import { Outbox } from '../src/sync/outbox.js';

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const t0 = Date.parse('2026-12-06T08:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

interface Setup {
  db: HubDatabase;
  registry: DeviceRegistry;
  router: DeviceRouter;
  outbox: Outbox;
}

async function setup(): Promise<Setup> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ismail-positions-'));
  const db = openHubDatabase(path.join(dir, 'hub.sqlite'));
  migrateHubDatabase(db);
  const outbox = new Outbox(db);
  const registry = new DeviceRegistry(db, await DeviceCa.open(path.join(dir, 'iot'), 'test'), outbox);
  return { db, registry, router: new DeviceRouter(db, registry, outbox), outbox };
}

/** What the broker does for a tracker's message: the device log row, then the router, in one transaction. */
function report(s: Setup, deviceId: string, atMs: number, lat: number, lon: number): void {
  s.db.transaction(() => {
    const payload = JSON.stringify({ lat, lon, speedKmh: 30 });
    const topic = `ismail/hub/${deviceId}/gps/position`;
    const seq = Number(
      s.db
        .prepare('INSERT INTO device_events (device_id, topic, payload, at) VALUES (?, ?, ?, ?)')
        .run(deviceId, topic, payload, iso(atMs)).lastInsertRowid,
    );
    s.router.route([{ seq, deviceId, topic, payload, at: iso(atMs) }]);
  })();
}

function operations(db: HubDatabase, type: string): { seq: number; payload: unknown; status: string }[] {
  return db
    .prepare<[string], { seq: number; payload: string; status: string }>(
      'SELECT seq, payload, status FROM outbox WHERE type = ? ORDER BY seq',
    )
    .all(type)
    .map((r) => ({ seq: r.seq, payload: JSON.parse(r.payload) as unknown, status: r.status }));
}

describe('GPS positions and last-seen through the outbox', () => {
  it('sends a tracker reporting every second as one operation a minute, each position once', async () => {
    const s = await setup();
    const tracker = s.registry.register({ type: 'gps_tracker', name: 'Moto 1' }, 'test').device;
    const batcher = new PositionBatcher(s.db, s.outbox);
    // Ten minutes at one position a second; the batcher is asked every 5 s (as if nudged by each batch).
    for (let second = 0; second < 600; second++) {
      report(s, tracker.id, t0 + second * 1000, 5.3 + second / 100_000, -4.0);
      if (second % 5 === 4) batcher.flush(new Date(t0 + second * 1000));
    }
    batcher.flush(new Date(t0 + 660_000));
    const ops = operations(s.db, 'device.positions');
    // 600 s of reports, a window of 60 s: 10 or 11 operations (the first flush opens a window), never one per report.
    expect(ops.length).toBeGreaterThanOrEqual(10);
    expect(ops.length).toBeLessThanOrEqual(11);
    const payloads = ops.map((o) => o.payload as DevicePositionsPayload);
    for (const p of payloads) {
      expect(Value.Check(DevicePositionsPayloadSchema, p)).toBe(true);
      expect(p.positions.length).toBeLessThanOrEqual(200);
      expect(p.deviceId).toBe(tracker.id);
    }
    const sent = payloads.flatMap((p) => p.positions.map((x) => x.at));
    expect(sent).toHaveLength(600);
    expect(new Set(sent).size).toBe(600);
    const unsent = s.db
      .prepare<[], { n: number }>('SELECT count(*) AS n FROM gps_positions WHERE outbox_seq IS NULL')
      .get();
    expect(unsent?.n).toBe(0);
    // Asked again at once: nothing new, nothing sent.
    expect(batcher.flush(new Date(t0 + 661_000))).toBe(0);
  });

  it('thins a burst to 200 positions in one operation, first and last kept, and waits a window for the next', async () => {
    const s = await setup();
    const tracker = s.registry.register({ type: 'gps_tracker', name: 'Camion' }, 'test').device;
    const other = s.registry.register({ type: 'gps_tracker', name: 'Moto 2' }, 'test').device;
    const batcher = new PositionBatcher(s.db, s.outbox);
    for (let i = 0; i < 1000; i++) report(s, tracker.id, t0 + i * 50, 5 + i / 10_000, -4);
    report(s, other.id, t0, 6, -5);
    expect(batcher.flush(new Date(t0 + 50_000))).toBe(2);
    const ops = operations(s.db, 'device.positions').map((o) => o.payload as DevicePositionsPayload);
    const burst = ops.find((p) => p.deviceId === tracker.id);
    expect(burst?.positions).toHaveLength(200);
    expect(burst?.positions[0]?.at).toBe(iso(t0));
    expect(burst?.positions[199]?.at).toBe(iso(t0 + 999 * 50));
    expect(batcher.stats.positionsThinned).toBe(800);
    expect(Value.Check(DevicePositionsPayloadSchema, burst)).toBe(true);
    // More reports 10 s later: held until the tracker's window has passed.
    report(s, tracker.id, t0 + 60_000, 5.2, -4);
    expect(batcher.flush(new Date(t0 + 60_000))).toBe(0);
    expect(batcher.flush(new Date(t0 + 110_000))).toBe(1);
    expect(operations(s.db, 'device.positions')).toHaveLength(3);
    // The rate survives a restart: a new batcher reads the last operation's time from the outbox.
    report(s, tracker.id, t0 + 120_000, 5.3, -4);
    expect(new PositionBatcher(s.db, s.outbox).flush(new Date(t0 + 130_000))).toBe(0);
    expect(evenlySpread(5, 3)).toEqual([0, 2, 4]);
    expect(evenlySpread(2, 200)).toEqual([0, 1]);
  });

  it('reports last-seen times once when they change, and purges only positions the cloud answered', async () => {
    const s = await setup();
    const lock = s.registry.register({ type: 'door_lock', name: 'Porte 12' }, 'test').device;
    const tracker = s.registry.register({ type: 'gps_tracker', name: 'Moto 3' }, 'test').device;
    const batcher = new PositionBatcher(s.db, s.outbox, { retainSyncedMs: 86_400_000 });
    s.registry.seen([lock.id], iso(t0));
    expect(batcher.flush(new Date(t0))).toBe(1);
    const seen = operations(s.db, 'device.seen');
    expect(seen).toHaveLength(1);
    expect(Value.Check(DevicesSeenPayloadSchema, seen[0]?.payload)).toBe(true);
    expect(seen[0]?.payload).toEqual({ devices: [{ deviceId: lock.id, lastSeenAt: iso(t0) }] });
    expect(batcher.flush(new Date(t0 + 120_000))).toBe(0);
    s.registry.seen([lock.id], iso(t0 + 130_000));
    expect(batcher.flush(new Date(t0 + 130_000))).toBe(1);
    expect(operations(s.db, 'device.seen')).toHaveLength(2);

    // A tracker's last-seen rides with its positions, not in device.seen.
    s.registry.seen([tracker.id], iso(t0 + 200_000));
    report(s, tracker.id, t0 + 200_000, 5, -4);
    batcher.flush(new Date(t0 + 200_000));
    expect(operations(s.db, 'device.seen')).toHaveLength(2);
    const first = operations(s.db, 'device.positions')[0];
    expect((first?.payload as DevicePositionsPayload).lastSeenAt).toBe(iso(t0 + 200_000));
    report(s, tracker.id, t0 + 300_000, 5.1, -4);
    batcher.flush(new Date(t0 + 300_000));
    const count = (): number =>
      s.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM gps_positions').get()?.n ?? -1;
    expect(count()).toBe(2);
    // Two days later: nothing answered by the cloud yet, nothing purged.
    expect(batcher.purge(new Date(t0 + 2 * 86_400_000))).toBe(0);
    s.db.prepare('UPDATE outbox SET status = ? WHERE seq = ?').run('applied', first?.seq);
    expect(batcher.purge(new Date(t0 + 2 * 86_400_000))).toBe(1);
    expect(count()).toBe(1);
  });
});

describe('the hub’s device CRL', () => {
  let db: HubDatabase;
  let app: FastifyInstance;
  let auth: { authorization: string };
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ismail-crl-'));
    db = openHubDatabase(path.join(dir, 'hub.sqlite'));
    migrateHubDatabase(db);
    const token = loadOrCreateAdminToken(path.join(dir, 'admin-token'));
    auth = { authorization: `Bearer ${token}` };
    mkdirSync(path.join(dir, 'counter'));
    writeFileSync(path.join(dir, 'counter', 'index.html'), '<!doctype html><title>Guichet</title>');
    app = await buildHubApp({
      responseCheck: 'throw',
      db,
      adminToken: token,
      counterAppDir: path.join(dir, 'counter'),
      logLevel: 'silent',
    });
  });
  afterAll(async () => {
    await app.close();
    db.close();
  });

  async function enrolled(name: string): Promise<{ id: string; serial: string }> {
    const registered = await app.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: auth,
      payload: { type: 'gps_tracker', name },
    });
    expect(registered.statusCode).toBe(201);
    const { device, enrolCode } = registered.json<{ device: { id: string }; enrolCode: string }>();
    const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
    const csr = (
      await x509.Pkcs10CertificateRequestGenerator.create({
        name: 'CN=device',
        keys,
        signingAlgorithm: algorithm,
      })
    ).toString('pem');
    const enrol = await app.inject({
      method: 'POST',
      url: `/api/v1/devices/${device.id}/enroll`,
      payload: { code: enrolCode, csr },
    });
    expect(enrol.statusCode).toBe(200);
    return { id: device.id, serial: enrol.json<{ serial: string }>().serial };
  }

  async function crl(): Promise<{ crl: x509.X509Crl; der: Buffer }> {
    const response = await app.inject({ method: 'GET', url: '/api/v1/devices/crl' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pkix-crl');
    return { crl: new x509.X509Crl(response.rawPayload), der: response.rawPayload };
  }

  const crlNumber = (c: x509.X509Crl): number => {
    const ext = c.extensions.find((e) => e.type === '2.5.29.20');
    const value = Buffer.from(ext?.value ?? new ArrayBuffer(0));
    return Number.parseInt(value.subarray(2).toString('hex'), 16);
  };

  it('lists a revoked certificate’s serial, grows its number, and verifies with the CA certificate', async () => {
    const caPem = (await app.inject({ method: 'GET', url: '/api/v1/devices/ca' })).body;
    const ca = new x509.X509Certificate(caPem);
    const kept = await enrolled('Moto gardée');
    const revoked = await enrolled('Moto volée');
    const before = await crl();
    expect(before.crl.entries).toHaveLength(0);
    expect(await before.crl.verify({ publicKey: ca.publicKey })).toBe(true);

    const revoke = await app.inject({
      method: 'POST',
      url: `/api/v1/devices/${revoked.id}/revoke`,
      headers: auth,
      payload: { reason: 'volée' },
    });
    expect(revoke.statusCode).toBe(200);
    // Signed again on revocation (in the background): wait, bounded, for the new list.
    let after = await crl();
    for (let i = 0; i < 50 && after.crl.entries.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await crl();
    }
    const serials = after.crl.entries.map((e) => e.serialNumber.toLowerCase());
    expect(serials).toEqual([revoked.serial.toLowerCase()]);
    expect(serials).not.toContain(kept.serial.toLowerCase());
    expect(crlNumber(after.crl)).toBeGreaterThan(crlNumber(before.crl));
    expect(await after.crl.verify({ publicKey: ca.publicKey })).toBe(true);
    expect(after.crl.issuer).toBe(ca.subject);
    expect(after.crl.nextUpdate?.getTime()).toBeGreaterThan(Date.now());

    // The openssl program agrees: the signature verifies with the CA certificate, the serial is listed.
    writeFileSync(path.join(dir, 'ca.pem'), caPem);
    writeFileSync(path.join(dir, 'crl.der'), after.der);
    const text = execFileSync(
      'openssl',
      [
        'crl',
        '-inform',
        'DER',
        '-in',
        path.join(dir, 'crl.der'),
        '-CAfile',
        path.join(dir, 'ca.pem'),
        '-noout',
        '-text',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(text.replace(/\s/g, '').toUpperCase()).toContain(`SERIALNUMBER:${revoked.serial.toUpperCase()}`);
    const verified = execFileSync(
      'openssl',
      ['crl', '-inform', 'DER', '-in', path.join(dir, 'crl.der'), '-CAfile', path.join(dir, 'ca.pem'), '-noout'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(verified).toBe('');

    // A forged list (one byte of the signed part changed) does not verify.
    const forged = Buffer.from(after.der);
    const at = forged.indexOf(Buffer.from(revoked.serial.slice(0, 8), 'hex'));
    expect(at).toBeGreaterThan(0);
    forged[at] = (forged[at] ?? 0) ^ 0x01;
    expect(await new x509.X509Crl(forged).verify({ publicKey: ca.publicKey })).toBe(false);
  });
});
