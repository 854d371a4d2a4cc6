// Proves the hub keeps selling with the cloud down and syncs exactly once when it is back,
// with real processes: the cloud (embedded PostgreSQL, demo data) and the hub (its SQLite
// file) each started from their built entry points. The hub is paired through the cloud's
// one-time code; the cloud is stopped; 20 cash top-ups are taken at the counter, the hub
// being killed with SIGKILL halfway (and one request retried after the restart); the cloud
// comes back; within 30 s every operation is applied once, in order, and the ledger check
// passes.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { builtEntry, exited, freePort, startProcess, until, waitForHttp } from '../../tools/test-support/processes.js';
import { adminHeaders, pairHub } from '../../tools/test-support/hub-admin.js';
import { cloudOperator, cloudProcessEnv } from './support/cloud-process.js';
import { everyCloudDatabase } from '../../tools/test-support/test-databases.js';

describe.each(everyCloudDatabase)('hub offline, then sync (real cloud and hub processes) on $name', (database) => {
  it(
    'takes 20 cash top-ups with the cloud down and a SIGKILL in the middle, then syncs each exactly once within 30 s',
    { timeout: 120_000 },
    async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-sync-'));
      const { cloudUrl, cloudEnv } = await cloudProcessEnv(root, database);
      const hubPort = await freePort();
      const hubUrl = `http://127.0.0.1:${String(hubPort)}`;
      const hubEnv = {
        HUB_PORT: String(hubPort),
        ISMAIL_DATA_DIR: path.join(root, 'hub'),
        CLOUD_URL: cloudUrl,
        LOG_LEVEL: 'silent',
      };
      let cloud = startProcess(builtEntry('cloud'), cloudEnv);
      let hub: ChildProcess | undefined;
      try {
        await waitForHttp(`${cloudUrl}/health`, 60_000);
        const cloudAdmin = await cloudOperator(root, cloudUrl);
        const operator = cloudAdmin.headers;
        const idOf = (email: string) => cloudAdmin.byEmail(email)?.id ?? '';
        const registered = await cloudAdmin.registerHub(idOf('partenaire@demo.ismail.ci'), 'Caisse Yamoussoukro');

        hub = startProcess(builtEntry('hub'), { ...hubEnv, HUB_RESPONSE_CHECK: 'throw' });
        await waitForHttp(`${hubUrl}/health`, 15_000);
        const admin = adminHeaders(path.join(root, 'hub'));
        expect(await pairHub(hubUrl, admin, registered)).toBe(200);
        expect(
          (
            await fetch(`${hubUrl}/api/v1/cash-sessions`, {
              method: 'POST',
              headers: admin,
              body: JSON.stringify({ floatXof: 10_000 }),
            })
          ).status,
        ).toBe(201);

        // The line goes down.
        cloud.kill('SIGTERM');
        await exited(cloud);
        const client = idOf('client@demo.ismail.ci');
        const ids = Array.from({ length: 20 }, () => randomUUID());
        const sell = (id: string) =>
          fetch(`${hubUrl}/api/v1/cash-top-ups`, {
            method: 'POST',
            headers: admin,
            body: JSON.stringify({ id, accountId: client, amountXof: 500 }),
          });
        for (const id of ids.slice(0, 10)) expect((await sell(id)).status).toBe(201);
        hub.kill('SIGKILL');
        await exited(hub);
        hub = startProcess(builtEntry('hub'), { ...hubEnv, HUB_RESPONSE_CHECK: 'throw' });
        await waitForHttp(`${hubUrl}/health`, 15_000);
        // The counter retries a request whose answer it never saw: recorded once.
        expect((await sell(ids[9] ?? '')).status).toBe(200);
        for (const id of ids.slice(10)) expect((await sell(id)).status).toBe(201);
        const offline = (await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as {
          outboxDepth: number;
          lastError: string | null;
        };
        expect(offline.outboxDepth).toBe(20);
        expect(offline.lastError).not.toBeNull();

        // The line comes back.
        cloud = startProcess(builtEntry('cloud'), cloudEnv);
        await waitForHttp(`${cloudUrl}/health`, 60_000);
        const backAt = Date.now();
        const synced = await until(
          async () =>
            (await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as { outboxDepth: number; rejected: number },
          (s) => s.outboxDepth === 0,
          30_000,
        );
        expect(synced).toMatchObject({ outboxDepth: 0, rejected: 0 });
        expect(Date.now() - backAt).toBeLessThan(30_000);
        const hubs = (await (await fetch(`${cloudUrl}/v1/operator/hubs`, { headers: operator })).json()) as {
          hubs: { id: string; lastAppliedSeq: number; cashDrawerCentiCredits: number }[];
        };
        // 20 × 500 FCFA at 50 FCFA a credit: the hub's drawer owes exactly 200 credits, once each.
        expect(hubs.hubs.find((h) => h.id === registered.hub.id)).toMatchObject({
          lastAppliedSeq: 20,
          cashDrawerCentiCredits: -20_000,
        });
        const ledger = (await (await fetch(`${cloudUrl}/v1/operator/ledger/check`, { headers: operator })).json()) as {
          ok: boolean;
        };
        expect(ledger.ok).toBe(true);
      } finally {
        hub?.kill('SIGKILL');
        cloud.kill('SIGKILL');
        await Promise.all([hub === undefined ? Promise.resolve() : exited(hub), exited(cloud)]);
      }
    },
  );
});
