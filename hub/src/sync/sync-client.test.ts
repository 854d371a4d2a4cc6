// Proves the sync client's retry rule against a stand-in cloud over real HTTP: after a long run of
// failures while the cloud looked out (/health 503 as a proxy answers, pushes refused), the first
// healthy /health pushes at once; a cloud whose /health is fine but which refuses pushes is not
// hammered (pushes spaced by the back-off while probes go on); the offset (hub minus cloud) is
// learnt from the push answer's serverTime.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateHubDatabase } from '../store/migrate.js';
import { openHubDatabase, type HubDatabase } from '../store/open.js';
import { CredentialStore } from './credentials.js';
import { Outbox } from './outbox.js';
import { SyncClient } from './sync-client.js';

/** The stand-in cloud's clock is this far ahead of the machine's (behind, the hub's stamps would wait for it). */
const cloudAheadMs = 90_000;

interface StandIn {
  health: number;
  push: number;
  readonly probes: number[];
  readonly pushes: number[];
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not true within ${String(timeoutMs)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the sync client after failures', () => {
  let dir: string;
  let db: HubDatabase;
  let server: Server;
  let cloud: StandIn;
  let outbox: Outbox;
  let client: SyncClient;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ismail-sync-client-'));
    db = openHubDatabase(path.join(dir, 'hub.sqlite'));
    migrateHubDatabase(db);
    cloud = { health: 200, push: 200, probes: [], pushes: [] };
    const state = cloud;
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const reply = (status: number, body: unknown): void => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(body));
        };
        if (request.url === '/health') {
          state.probes.push(performance.now());
          reply(state.health, { status: state.health === 200 ? 'ok' : 'degraded' });
          return;
        }
        state.pushes.push(performance.now());
        if (state.push !== 200) {
          reply(state.push, { error: { code: 'INTERNAL', message: 'push refused' } });
          return;
        }
        const { operations } = JSON.parse(Buffer.concat(chunks).toString()) as {
          operations: { id: string; seq: number }[];
        };
        reply(200, {
          outcomes: operations.map((o) => ({ id: o.id, seq: o.seq, status: 'applied' })),
          expectedSeq: (operations.at(-1)?.seq ?? 0) + 1,
          serverTime: new Date(Date.now() + cloudAheadMs).toISOString(),
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const credentials = new CredentialStore(dir);
    credentials.publicKey(); // Pairing makes the hub's key pair: every push is signed with it.
    credentials.save({
      hubId: randomUUID(),
      partnerId: randomUUID(),
      token: 't'.repeat(43),
      cloudUrl: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    });
    outbox = new Outbox(db);
    // Scaled down from the defaults (1 s doubling to 10 s, probes every 2 s) so the test takes seconds.
    client = new SyncClient(outbox, credentials, {
      retryBaseMs: 200,
      retryMaxMs: 1_000,
      probeEveryMs: 100,
      idleMs: 100,
    });
  });
  afterEach(async () => {
    client.stop();
    await new Promise((resolve) => server.close(resolve));
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sell = (): number =>
    db.transaction(() => outbox.append('wallet.cash_top_up', { accountId: randomUUID(), amountXof: 500 }))();

  it('pushes at the first healthy probe after an outage, whatever the back-off had reached', async () => {
    cloud.health = 503;
    cloud.push = 503;
    sell();
    client.start();
    // The outage: pushes were refused (each doubling the back-off), then only probes, all answered 503.
    await until(() => cloud.probes.length >= 15, 10_000);
    const pushesDuringOutage = cloud.pushes.length;
    expect(pushesDuringOutage).toBe(1);
    expect(client.state.lastError).toContain('HTTP 503');
    sell();
    expect(outbox.status().depth).toBe(2);
    cloud.push = 200;
    cloud.health = 200;
    const backAt = performance.now();
    await until(() => outbox.status().depth === 0, 5_000);
    const firstPushAfter = cloud.pushes.find((t) => t > backAt) ?? Infinity;
    // Within one probe period (100 ms here) and its request, not the back-off's.
    process.stdout.write(
      `drain started ${String(Math.round(firstPushAfter - backAt))} ms after the cloud was healthy again\n`,
    );
    expect(firstPushAfter - backAt).toBeLessThan(1_000);
    expect(client.state.lastError).toBeNull();
    expect(client.state.cloudReachable).toBe(true);
  });

  it('does not hammer a cloud whose /health is fine but which refuses pushes: pushes follow the back-off', async () => {
    cloud.push = 500;
    sell();
    client.start();
    await until(() => cloud.probes.length >= 40, 20_000);
    // 40 probes at 100 ms is ≥ 4 s: pushes at 0, ~0.2, ~0.6, ~1.4, ~2.4, ~3.4 s... (back-off 200 ms doubling to 1 s).
    const spentMs = (cloud.probes.at(-1) ?? 0) - (cloud.pushes[0] ?? 0);
    const gaps = cloud.pushes.slice(1).map((t, i) => t - (cloud.pushes[i] ?? 0));
    process.stdout.write(
      `${String(cloud.pushes.length)} pushes, ${String(cloud.probes.length)} probes in ${String(Math.round(spentMs))} ms\n`,
    );
    expect(cloud.pushes.length).toBeLessThanOrEqual(Math.ceil(spentMs / 800) + 3);
    // Each wait is at least the back-off at its least (jitter −20 %), never the probe period alone.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(150);
    expect(outbox.status().depth).toBe(1);
    cloud.push = 200;
    await until(() => outbox.status().depth === 0, 5_000);
  });

  it('learns the offset from the push answer: hub minus cloud', async () => {
    expect(client.state.clockSkewMs).toBeNull();
    sell();
    client.start();
    await until(() => outbox.status().depth === 0, 5_000);
    expect(Math.abs((client.state.clockSkewMs ?? 0) + cloudAheadMs)).toBeLessThan(1_000);
    // Records from now on carry the cloud's time.
    sell();
    const row = db.prepare<[], { cloud_at: string }>('SELECT cloud_at FROM outbox ORDER BY seq DESC LIMIT 1').get();
    expect(Math.abs(Date.parse(row?.cloud_at ?? '') - (Date.now() + cloudAheadMs))).toBeLessThan(1_000);
  });
});
