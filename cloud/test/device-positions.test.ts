// Devices to the cloud (issue 28.7), at the cloud, over the hub push route: a tracker's
// positions are stored once (a replayed operation adds nothing, a re-sent one neither); a hub
// cannot store positions or last-seen times for a device the cloud's registry does not give it
// (another hub's, another partner's, unknown, or not a tracker); bounds on coordinates, batch
// size and times; last-seen only moves forward. The portal's track route shows a partner its own
// tracker only (another partner and a client get 404), bounded to 24 h and 2,000 points.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubOperation, PushResponse } from '@ismail/shared';
import { buildCloudApp } from '../src/app.js';
import type { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { purgeOldPositions } from '../src/modules/devices/position-operations.js';
import { testBackends, testSecrets } from './support/databases.js';
import { bearer, createPeople, type Person, type Signed } from './support/people.js';
import { pairTestHub, type TestHub } from './support/test-hub.js';

interface Track {
  device: { deviceId: string; name: string; lastSeenAt: string | null };
  since: string;
  total: number;
  downsampled: boolean;
  points: { at: string; lat: number; lon: number; speedKmh: number | null }[];
}

describe.each(testBackends)('GPS positions and last-seen from hubs on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let hubA: TestHub;
  let hubB: TestHub;
  const seqs = new Map<string, number>();
  const tracker = randomUUID();
  const lock = randomUUID();
  const trackerB = randomUUID();
  const minutesAgo = (m: number): string => new Date(Date.now() - m * 60_000).toISOString();

  const op = (hub: TestHub, type: string, payload: unknown, id = randomUUID()): HubOperation => {
    const seq = (seqs.get(hub.id) ?? 0) + 1;
    seqs.set(hub.id, seq);
    return { id, seq, type, at: new Date().toISOString(), payload } as HubOperation;
  };
  const push = async (hub: TestHub, ops: HubOperation[]): Promise<PushResponse> => {
    const response = await hub.inject(app, { method: 'POST', url: '/v1/hubs/sync/push', payload: { operations: ops } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<PushResponse>();
  };
  const one = async (hub: TestHub, type: string, payload: unknown) =>
    (await push(hub, [op(hub, type, payload)])).outcomes[0];
  const report = (deviceId: string, type: string, name: string) => ({
    deviceId,
    type,
    name,
    unitId: null,
    state: 'active',
    certSerial: '4a1b',
    certExpiresAt: null,
    lastSeenAt: null,
  });
  const stored = async (hubId: string, deviceId: string): Promise<number> =>
    Number(
      (
        await db.pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM device_positions WHERE hub_id = $1 AND device_id = $2',
          [hubId, deviceId],
        )
      ).rows[0]?.n,
    );
  const track = (person: Person, deviceId: string, query = '') =>
    app.inject({ method: 'GET', url: `/v1/devices/${deviceId}/track${query}`, headers: bearer(people[person]) });

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db.pool);
    const secrets = testSecrets();
    app = await buildCloudApp({ schemaCompilation: 'on-first-use', db, logLevel: 'error', ...secrets });
    people = await createPeople(db, app, secrets.masterKey);
    hubA = await pairTestHub(app, people.admin, people.partnerA.id, 'Boutique A');
    hubB = await pairTestHub(app, people.admin, people.partnerB.id, 'Boutique B');
    expect((await one(hubA, 'iot.device', report(tracker, 'gps_tracker', 'Moto livraison')))?.status).toBe('applied');
    expect((await one(hubA, 'iot.device', report(lock, 'door_lock', 'Porte 12')))?.status).toBe('applied');
    expect((await one(hubB, 'iot.device', report(trackerB, 'gps_tracker', 'Camion B')))?.status).toBe('applied');
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('stores a batch once: a replay is a duplicate, a re-sent copy adds nothing', async () => {
    const positions = [
      { at: minutesAgo(30), lat: 5.3097, lon: -4.0127, speedKmh: 32 },
      { at: minutesAgo(20), lat: 5.3121, lon: -4.0201, speedKmh: null },
      { at: minutesAgo(10), lat: 5.3152, lon: -4.0299, speedKmh: 12.5 },
    ];
    const first = op(hubA, 'device.positions', { deviceId: tracker, lastSeenAt: minutesAgo(9), positions });
    const applied = await push(hubA, [first]);
    expect(applied.outcomes[0]).toMatchObject({ status: 'applied', result: { stored: 3, dropped: 0 } });
    expect((await push(hubA, [first])).outcomes[0]?.status).toBe('duplicate');
    const copy = await one(hubA, 'device.positions', { deviceId: tracker, lastSeenAt: null, positions });
    expect(copy).toMatchObject({ status: 'applied', result: { stored: 0 } });
    expect(await stored(hubA.id, tracker)).toBe(3);
  });

  it('refuses positions and last-seen times for a device that is not this hub’s tracker', async () => {
    const positions = [{ at: minutesAgo(5), lat: 5.3, lon: -4, speedKmh: null }];
    // Partner B's hub names partner A's tracker: refused, nothing stored anywhere.
    expect(await one(hubB, 'device.positions', { deviceId: tracker, lastSeenAt: null, positions })).toMatchObject({
      status: 'rejected',
      code: 'FORBIDDEN',
    });
    expect(await stored(hubB.id, tracker)).toBe(0);
    // An id the registry does not know, and a door lock (not a tracker).
    expect(await one(hubA, 'device.positions', { deviceId: randomUUID(), lastSeenAt: null, positions })).toMatchObject({
      status: 'rejected',
      code: 'FORBIDDEN',
    });
    expect(await one(hubA, 'device.positions', { deviceId: lock, lastSeenAt: null, positions })).toMatchObject({
      status: 'rejected',
      code: 'VALIDATION_FAILED',
    });
    expect(await stored(hubA.id, lock)).toBe(0);
    // Last-seen: one foreign device in the batch refuses the batch.
    const before = await db.pool.query('SELECT last_seen_at FROM hub_devices WHERE device_id = $1', [lock]);
    expect(
      await one(hubB, 'device.seen', {
        devices: [
          { deviceId: trackerB, lastSeenAt: minutesAgo(1) },
          { deviceId: lock, lastSeenAt: minutesAgo(1) },
        ],
      }),
    ).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    expect((await db.pool.query('SELECT last_seen_at FROM hub_devices WHERE device_id = $1', [lock])).rows).toEqual(
      before.rows,
    );
    const trackerBSeen = await db.pool.query<{ last_seen_at: Date | null }>(
      'SELECT last_seen_at FROM hub_devices WHERE device_id = $1',
      [trackerB],
    );
    expect(trackerBSeen.rows[0]?.last_seen_at).toBeNull();
  });

  it('bounds coordinates, batch size and times', async () => {
    const at = minutesAgo(3);
    const refused = async (payload: unknown, code: string) =>
      expect(await one(hubA, 'device.positions', payload)).toMatchObject({ status: 'rejected', code });
    await refused(
      { deviceId: tracker, lastSeenAt: null, positions: [{ at, lat: 91, lon: 0, speedKmh: null }] },
      'VALIDATION_FAILED',
    );
    await refused(
      { deviceId: tracker, lastSeenAt: null, positions: [{ at, lat: 0, lon: -181, speedKmh: null }] },
      'VALIDATION_FAILED',
    );
    await refused(
      { deviceId: tracker, lastSeenAt: null, positions: [{ at, lat: 0, lon: 0, speedKmh: 900 }] },
      'VALIDATION_FAILED',
    );
    await refused(
      { deviceId: tracker, lastSeenAt: null, positions: [{ at: 'hier', lat: 0, lon: 0, speedKmh: null }] },
      'VALIDATION_FAILED',
    );
    await refused({ deviceId: tracker, lastSeenAt: null, positions: [] }, 'VALIDATION_FAILED');
    const many = Array.from({ length: 201 }, (_, i) => ({
      at: new Date(Date.now() - 1e6 + i * 1000).toISOString(),
      lat: 5,
      lon: -4,
      speedKmh: null,
    }));
    await refused({ deviceId: tracker, lastSeenAt: null, positions: many }, 'VALIDATION_FAILED');
    // An hour ahead of the cloud's clock: refused (a hub's clock may be off by minutes, not hours).
    const future = new Date(Date.now() + 3_600_000).toISOString();
    await refused(
      { deviceId: tracker, lastSeenAt: null, positions: [{ at: future, lat: 5, lon: -4, speedKmh: null }] },
      'VALIDATION_FAILED',
    );
    await refused(
      { deviceId: tracker, lastSeenAt: future, positions: [{ at, lat: 5, lon: -4, speedKmh: null }] },
      'VALIDATION_FAILED',
    );
    expect(await stored(hubA.id, tracker)).toBe(3);
    // Forty days old: past the retention, dropped (the rest of the batch is kept).
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    expect(
      await one(hubA, 'device.positions', {
        deviceId: tracker,
        lastSeenAt: null,
        positions: [
          { at: old, lat: 5, lon: -4, speedKmh: null },
          { at: minutesAgo(2), lat: 5.32, lon: -4.03, speedKmh: 20 },
        ],
      }),
    ).toMatchObject({ status: 'applied', result: { stored: 1, dropped: 1 } });
    expect(await stored(hubA.id, tracker)).toBe(4);
  });

  it('moves last-seen forward only', async () => {
    const lastSeen = async (id: string) =>
      (
        await db.pool.query<{ last_seen_at: Date | null }>(
          'SELECT last_seen_at FROM hub_devices WHERE device_id = $1',
          [id],
        )
      ).rows[0]?.last_seen_at?.toISOString() ?? null;
    const recent = minutesAgo(1);
    expect(await one(hubA, 'device.seen', { devices: [{ deviceId: lock, lastSeenAt: recent }] })).toMatchObject({
      status: 'applied',
      result: { updated: 1 },
    });
    expect(await lastSeen(lock)).toBe(recent);
    expect(await one(hubA, 'device.seen', { devices: [{ deviceId: lock, lastSeenAt: minutesAgo(50) }] })).toMatchObject(
      {
        status: 'applied',
        result: { updated: 0 },
      },
    );
    expect(await lastSeen(lock)).toBe(recent);
    // A later device report carrying an older last-seen does not move it back either.
    expect(
      (await one(hubA, 'iot.device', { ...report(lock, 'door_lock', 'Porte 12'), lastSeenAt: minutesAgo(60) }))?.status,
    ).toBe('applied');
    expect(await lastSeen(lock)).toBe(recent);
    // The tracker's last-seen came with its positions (the newest of them or its report).
    expect(Date.parse((await lastSeen(tracker)) ?? '')).toBeGreaterThan(Date.now() - 3 * 60_000);
  });

  it('shows a partner its own tracker’s track only, in order, bounded to 24 h', async () => {
    const mine = await track('partnerA', tracker);
    expect(mine.statusCode, mine.body).toBe(200);
    const body = mine.json<Track>();
    expect(body.device).toMatchObject({ deviceId: tracker, name: 'Moto livraison' });
    expect(body.points.map((p) => p.lat)).toEqual([5.3097, 5.3121, 5.3152, 5.32]);
    expect(body).toMatchObject({ total: 4, downsampled: false });
    expect(body.points[0]).toMatchObject({ lon: -4.0127, speedKmh: 32 });
    // Another partner, a client, partner B's own tracker for partner A: not found, as an unknown id.
    expect((await track('partnerB', tracker)).statusCode).toBe(404);
    expect((await track('clientA', tracker)).statusCode).toBe(404);
    expect((await track('partnerA', trackerB)).statusCode).toBe(404);
    expect((await track('partnerA', lock)).statusCode).toBe(404);
    expect((await track('partnerB', trackerB)).statusCode).toBe(200);
    // Admins, with their second factor.
    expect((await track('admin', tracker)).statusCode).toBe(200);
    expect((await track('adminNoMfa', tracker)).statusCode).toBe(403);
    // `since` narrows, never widens past 24 h.
    const narrow = (await track('partnerA', tracker, `?since=${encodeURIComponent(minutesAgo(15))}`)).json<Track>();
    expect(narrow.points.map((p) => p.lat)).toEqual([5.3152, 5.32]);
    const wide = (await track('partnerA', tracker, '?since=2020-01-01T00:00:00Z')).json<Track>();
    expect(Date.parse(wide.since)).toBeGreaterThan(Date.now() - 24 * 3_600_000 - 60_000);
    expect((await track('partnerA', tracker, '?since=demain')).statusCode).toBe(400);
  });

  it('thins a long track to 2,000 points, first and last kept, and purges past the retention', async () => {
    const hub = hubB;
    // 5,000 positions over the last 20 hours, written as the handler would (the push path is covered above).
    await db.pool.query(
      `INSERT INTO device_positions (hub_id, device_id, at, lat, lon, speed_kmh, hub_seq)
       SELECT $1, $2, now() - interval '20 hours' + g * interval '14 seconds', 5 + g / 100000.0, -4, NULL, 99
       FROM generate_series(0, 4999) AS g`,
      [hub.id, trackerB],
    );
    const body = (await track('partnerB', trackerB)).json<Track>();
    expect(body.total).toBe(5000);
    expect(body.downsampled).toBe(true);
    expect(body.points.length).toBeLessThanOrEqual(2000);
    expect(body.points.length).toBeGreaterThan(1500);
    expect(body.points[0]?.lat).toBeCloseTo(5, 6);
    expect(body.points.at(-1)?.lat).toBeCloseTo(5 + 4999 / 100000, 6);
    const ats = body.points.map((p) => Date.parse(p.at));
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);

    // The retention job: nothing is 30 days old yet; 31 days from now, everything is.
    expect(await purgeOldPositions(db)).toBe(0);
    const all = async (): Promise<number> =>
      Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM device_positions')).rows[0]?.n);
    const before = await all();
    // Bounded per run: 3,000 now, the rest on the next run.
    expect(await purgeOldPositions(db, Date.now() + 31 * 86_400_000, 3000)).toBe(3000);
    expect(await all()).toBe(before - 3000);
    expect(await purgeOldPositions(db, Date.now() + 31 * 86_400_000)).toBe(before - 3000);
    expect(await all()).toBe(0);
  });
});
