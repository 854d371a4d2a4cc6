// Safe shutdown and replacement of a hub with real processes (SPEC 3.8): a counter sells
// offline; it refuses to be unpaired or wiped while those sales are unsynced, until its
// administrator exports them to an encrypted bundle. The cloud then lets a new machine pair
// as the same hub (the old token dies); the new machine refuses a wrong passphrase and an
// altered bundle, imports the right one once, syncs the five sales exactly once, and its next
// invoice continues the same series. The ledger check passes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import {
  builtEntry,
  exited,
  freePort,
  repoRoot,
  runToEnd,
  startProcess,
  until,
  waitForHttp,
} from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';

interface Status {
  paired: boolean;
  outboxDepth: number;
  rejected: number;
  catalog: { products: number };
  policy: { valid: boolean };
}
const passphrase = 'cinq ventes de Yamoussoukro';

describe.each(cloudDatabases)('replacing a hub machine (real cloud and hub processes) on $name', (database) => {
  it(
    'refuses to unpair with unsynced sales until they are exported, then a replacement imports and syncs them exactly once',
    { timeout: 180_000 },
    async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-replace-'));
      const demo = await startDemoCloud(root, database);
      const { url: cloudUrl, env: cloudEnv, operator } = demo;
      let cloud = demo.process;
      const hubs: ChildProcess[] = [];
      try {
        const registered = await demo.registerHub('Caisse Bouaké');
        const hubId = registered.hub.id;

        const startCounter = async (name: string) => {
          const port = await freePort();
          const url = `http://127.0.0.1:${String(port)}`;
          hubs.push(
            startProcess(builtEntry('hub'), {
              HUB_RESPONSE_CHECK: 'throw',
              HUB_PORT: String(port),
              ISMAIL_DATA_DIR: path.join(root, name),
              CLOUD_URL: cloudUrl,
              LOG_LEVEL: 'silent',
              HUB_CARD_TRUST_PULL_S: '2',
            }),
          );
          await waitForHttp(`${url}/health`, 15_000);
          const token = readFileSync(path.join(root, name, 'hub', 'admin-token'), 'utf8').trim();
          const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
            fetch(`${url}${route}`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
              body: JSON.stringify(body),
            });
          const send = (route: string, bytes: Buffer, extra: Record<string, string>) =>
            fetch(`${url}${route}`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', ...extra },
              body: bytes,
            });
          const status = async (): Promise<Status> =>
            (await (await fetch(`${url}/api/v1/sync/status`)).json()) as Status;
          // The operator's CLI on this machine, with this hub's admin token.
          const cli = (...args: string[]) =>
            runToEnd(
              path.join(repoRoot, 'bin', 'ismail.mjs'),
              { ISMAIL_HUB_URL: url, ISMAIL_HUB_ADMIN_TOKEN: token },
              60_000,
              args,
            );
          return { url, post, send, status, cli };
        };
        const sell = async (counter: Awaited<ReturnType<typeof startCounter>>, saleId: string): Promise<string> => {
          const found = (await (
            await fetch(`${counter.url}/api/v1/catalog/products?barcode=6111234567895`)
          ).json()) as { products: { id: string }[] };
          const response = await counter.post('/api/v1/sales', {
            saleId,
            items: [{ productId: found.products[0]?.id, quantity: 1 }],
            payment: { method: 'cash' },
          });
          expect(response.status, await response.clone().text()).toBe(201);
          return ((await response.json()) as { invoice: { number: string } }).invoice.number;
        };

        // The old machine: paired, synced once, then five sales with the line down.
        const old = await startCounter('old');
        expect((await old.post('/api/v1/pairing', { hubId, pairingCode: registered.pairingCode })).status).toBe(200);
        await until(old.status, (s) => s.catalog.products >= 6 && s.policy.valid, 30_000);
        expect((await old.post('/api/v1/cash-sessions', { floatXof: 0 })).status).toBe(201);
        cloud.kill('SIGTERM');
        await exited(cloud);
        const numbers: string[] = [];
        for (let i = 1; i <= 5; i++) numbers.push(await sell(old, `OLD-${String(i)}`));

        // Not unpaired nor wiped while those five are unsynced and in no bundle.
        const refused = await old.post('/api/v1/maintenance/unpair', { hubId, wipe: true });
        expect(refused.status).toBe(409);
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('UNSYNCED_OPERATIONS');
        expect((await old.post('/api/v1/maintenance/export', { passphrase: 'short' })).status).toBe(400);
        const passphraseFile = path.join(root, 'passphrase');
        writeFileSync(passphraseFile, `${passphrase}\n`, { mode: 0o600 });
        const bundleFile = path.join(root, 'caisse-bouake.ismail');
        const exported = await old.cli('hub', 'export', '--out', bundleFile, '--passphrase-file', passphraseFile);
        expect(exported.code, exported.stderr).toBe(0);
        expect(exported.stdout).toContain('5 unsynced operations');
        const bundle = readFileSync(bundleFile);
        // Nothing readable in it without the passphrase.
        expect(bundle.toString('latin1')).not.toContain('OLD-1');
        expect((await old.post('/api/v1/maintenance/unpair', { hubId: 'not-this-hub', wipe: true })).status).toBe(400);
        const unpaired = await old.cli('hub', 'unpair', '--hub-id', hubId, '--wipe');
        expect(unpaired.code, unpaired.stderr).toBe(0);
        expect((await old.status()).paired).toBe(false);

        // The cloud is back; the operator starts the replacement: a new code, the old token dead.
        cloud = startProcess(builtEntry('cloud'), cloudEnv);
        await waitForHttp(`${cloudUrl}/health`, 60_000);
        const replaced = await fetch(`${cloudUrl}/v1/operator/hubs/${hubId}/replace`, {
          method: 'POST',
          headers: operator,
          body: JSON.stringify({ reason: 'écran cassé' }),
        });
        expect(replaced.status).toBe(201);
        const newCode = ((await replaced.json()) as { pairingCode: string }).pairingCode;

        const fresh = await startCounter('new');
        // A bundle goes into a machine paired as its hub, with the right passphrase, unaltered, once.
        expect(
          (await fresh.send('/api/v1/maintenance/import', bundle, { 'x-bundle-passphrase': passphrase })).status,
        ).toBe(409);
        expect((await fresh.post('/api/v1/pairing', { hubId, pairingCode: newCode })).status).toBe(200);
        expect(
          (await fresh.send('/api/v1/maintenance/import', bundle, { 'x-bundle-passphrase': 'not the passphrase' }))
            .status,
        ).toBe(400);
        const altered = Buffer.from(bundle);
        altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
        expect(
          (await fresh.send('/api/v1/maintenance/import', altered, { 'x-bundle-passphrase': passphrase })).status,
        ).toBe(400);
        const imported = await fresh.cli('hub', 'import', bundleFile, '--passphrase-file', passphraseFile);
        expect(imported.code, imported.stderr).toBe(0);
        expect(imported.stdout).toContain('imported 5 operations');
        expect(
          (await fresh.send('/api/v1/maintenance/import', bundle, { 'x-bundle-passphrase': passphrase })).status,
        ).toBe(409);

        // The five sales reach the cloud once; the new machine's next invoice continues the series.
        await until(fresh.status, (s) => s.outboxDepth === 0 && s.policy.valid && s.catalog.products >= 6, 30_000);
        expect((await fresh.status()).rejected).toBe(0);
        expect((await fresh.post('/api/v1/cash-sessions', { floatXof: 0 })).status).toBe(201);
        const next = await sell(fresh, 'NEW-1');
        expect(Number(next.split('-').at(-1))).toBe(Number(numbers[4]?.split('-').at(-1)) + 1);
        expect(next.split('-').slice(0, 3)).toEqual(numbers[4]?.split('-').slice(0, 3));
        await until(fresh.status, (s) => s.outboxDepth === 0, 15_000);
        const listed = (await (await fetch(`${cloudUrl}/v1/operator/hubs`, { headers: operator })).json()) as {
          hubs: { id: string; lastAppliedSeq: number; status: string }[];
        };
        expect(listed.hubs.find((h) => h.id === hubId)).toMatchObject({ status: 'active', lastAppliedSeq: 6 });
        const ledger = (await (await fetch(`${cloudUrl}/v1/operator/ledger/check`, { headers: operator })).json()) as {
          ok: boolean;
        };
        expect(ledger.ok).toBe(true);
      } finally {
        for (const hub of hubs) hub.kill('SIGKILL');
        cloud.kill('SIGKILL');
        await Promise.all([...hubs.map((h) => exited(h)), exited(cloud)]);
      }
    },
  );
});
