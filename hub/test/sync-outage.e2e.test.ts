// Proves the drain starts when the cloud returns (issue 28, item 3), with real processes: the cloud
// (demo data, on the PostgreSQL server when one is configured, else embedded) and the hub, each from
// its built entry point. The cloud is killed for a real two minutes: its port first refuses
// connections, then answers 503 to everything as a proxy in front of a dead cloud does (the hub's
// pushes are refused there, which used to push its back-off to 60 s). Cash top-ups are taken at the
// counter all along. The cloud starts again on the same port and database: the outbox must be empty
// within 10 s of the cloud answering /health, and the time is printed.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { builtEntry, exited, freePort, startProcess, until, waitForHttp } from '../../tools/test-support/processes.js';
import { adminHeaders, pairHub } from '../../tools/test-support/hub-admin.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { cloudOperator, cloudProcessEnv } from './support/cloud-process.js';

const outageMs = 120_000;
const refusedMs = 60_000;
const sellEveryMs = 5_000;
/** The acceptance figure: the outbox empty within this long of the cloud answering /health again. */
const drainedWithinMs = 10_000;
// The last configured database: the PostgreSQL server when there is one, else the embedded one (one run: the
// outage is two real minutes).
const database = cloudDatabases[cloudDatabases.length - 1] ?? cloudDatabases[0];

/** A proxy whose cloud is gone: 503 to every request, counting what the hub asks. */
function unavailableProxy(port: number): Promise<{ server: Server; seen: { health: number; push: number } }> {
  const seen = { health: 0, push: 0 };
  const server = createServer((request, response) => {
    if (request.url === '/health') seen.health++;
    else if (request.url?.startsWith('/v1/hubs/sync/push') === true) seen.push++;
    request.resume();
    response.writeHead(503, { 'content-type': 'text/html' });
    response.end('<html><body>503 Service Temporarily Unavailable</body></html>');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, seen }));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`the drain after a 2-minute cloud outage (real cloud and hub processes) on ${database?.name ?? ''}`, () => {
  it(
    'empties the outbox within 10 s of the cloud answering /health again, after refused connections then 503s',
    // Cloud start (up to 180 s on a loaded machine), 2 min of outage, the restart and the drain.
    { timeout: 900_000 },
    async () => {
      if (database === undefined) throw new Error('no cloud database configured');
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-outage-'));
      const { cloudUrl, cloudEnv } = await cloudProcessEnv(root, database);
      const cloudPort = Number(cloudEnv.CLOUD_PORT);
      const hubPort = await freePort();
      const hubUrl = `http://127.0.0.1:${String(hubPort)}`;
      const hubEnv = {
        HUB_PORT: String(hubPort),
        ISMAIL_DATA_DIR: path.join(root, 'hub'),
        CLOUD_URL: cloudUrl,
        LOG_LEVEL: 'silent',
        HUB_RESPONSE_CHECK: 'throw',
      };
      let cloud: ChildProcess = startProcess(builtEntry('cloud'), cloudEnv);
      let hub: ChildProcess | undefined;
      let proxy: Server | undefined;
      try {
        await waitForHttp(`${cloudUrl}/health`, 180_000);
        const cloudAdmin = await cloudOperator(root, cloudUrl);
        const registered = await cloudAdmin.registerHub(
          cloudAdmin.byEmail('partenaire@demo.ismail.ci')?.id,
          'Caisse Bouaké',
        );
        hub = startProcess(builtEntry('hub'), hubEnv);
        await waitForHttp(`${hubUrl}/health`, 30_000);
        const admin = adminHeaders(path.join(root, 'hub'));
        expect(await pairHub(hubUrl, admin, registered)).toBe(200);
        const opened = await fetch(`${hubUrl}/api/v1/cash-sessions`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ floatXof: 10_000 }),
        });
        expect(opened.status).toBe(201);
        const status = async () =>
          (await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as {
            outboxDepth: number;
            rejected: number;
            lastError: string | null;
            cloudReachable: boolean | null;
          };
        const client = cloudAdmin.byEmail('client@demo.ismail.ci')?.id ?? '';
        const sell = async (): Promise<void> => {
          const response = await fetch(`${hubUrl}/api/v1/cash-top-ups`, {
            method: 'POST',
            headers: admin,
            body: JSON.stringify({ id: randomUUID(), accountId: client, amountXof: 500 }),
          });
          expect(response.status).toBe(201);
        };
        // Online first: the line works and the outbox drains as sales come.
        await sell();
        expect((await until(status, (s) => s.outboxDepth === 0, 30_000)).outboxDepth).toBe(0);

        // The outage: killed (connections refused), then a proxy's 503s, sales all along.
        cloud.kill('SIGKILL');
        await exited(cloud);
        const outageStart = Date.now();
        let sold = 0;
        let proxySeen: { health: number; push: number } | undefined;
        while (Date.now() - outageStart < outageMs) {
          if (proxy === undefined && Date.now() - outageStart >= refusedMs) {
            const started = await unavailableProxy(cloudPort);
            proxy = started.server;
            proxySeen = started.seen;
          }
          await sell();
          sold++;
          await sleep(Math.min(sellEveryMs, outageMs - (Date.now() - outageStart)));
        }
        const offline = await status();
        expect(offline.outboxDepth).toBe(sold);
        expect(offline.cloudReachable).toBe(true); // The proxy answers: the line is up, the cloud is not.
        expect(offline.lastError).not.toBeNull();
        process.stdout.write(
          `outage ${String(Date.now() - outageStart)} ms, ${String(sold)} sales; the 503 proxy saw ${String(proxySeen?.health ?? 0)} /health probes and ${String(proxySeen?.push ?? 0)} pushes\n`,
        );
        expect(proxySeen?.health ?? 0).toBeGreaterThan(0);
        await new Promise((resolve) => proxy?.close(resolve));
        proxy = undefined;

        // The cloud comes back on the same port and database.
        cloud = startProcess(builtEntry('cloud'), cloudEnv);
        await waitForHttp(`${cloudUrl}/health`, 180_000);
        const healthyAt = Date.now();
        const drained = await until(status, (s) => s.outboxDepth === 0, 60_000, 50);
        const drainMs = Date.now() - healthyAt;
        process.stdout.write(
          `cloud restarted after ${String(healthyAt - outageStart)} ms; outbox of ${String(sold)} empty ${String(drainMs)} ms after /health answered 200\n`,
        );
        expect(drained).toMatchObject({ outboxDepth: 0, rejected: 0 });
        expect(drainMs).toBeLessThanOrEqual(drainedWithinMs);
        const hubs = (await (await fetch(`${cloudUrl}/v1/operator/hubs`, { headers: cloudAdmin.headers })).json()) as {
          hubs: { id: string; lastAppliedSeq: number }[];
        };
        expect(hubs.hubs.find((h) => h.id === registered.hub.id)?.lastAppliedSeq).toBe(sold + 1);
      } finally {
        proxy?.close();
        hub?.kill('SIGKILL');
        cloud.kill('SIGKILL');
        await Promise.all([hub === undefined ? Promise.resolve() : exited(hub), exited(cloud)]);
        rmSync(root, { recursive: true, force: true });
      }
    },
  );
});
