// Two real cloud processes on one PostgreSQL server (issue 21.2): each periodic job runs once
// per period across both (not once in each), and each webhook delivery is posted once although
// both processes send. Both then stop on SIGTERM with exit code 0, their runs finished before
// their pools closed. Needs the PostgreSQL server `npm test` starts (ISMAIL_TEST_DATABASE_URL):
// the embedded PGlite cannot be shared by two processes. Without it the suite fails saying so
// (it used to skip itself silently).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTestDatabaseUrl } from '../../tools/test-support/system-tools.js';
import { createServerDatabase, productionSecretsEnv } from '../../tools/test-support/test-databases.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { migrate } from '../src/platform/db/migrate.js';
import { Webhooks } from '../src/modules/webhooks/webhooks.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const mainJs = path.join(here, '..', 'dist', 'src', 'main.js');
/** More than one run of a process posts (50), so both processes have deliveries to take. */
const deliveries = 80;
/** How long both processes run side by side while runs are counted. */
const watchMs = 11_000;

interface Running {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<number | null>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('jobs across two cloud processes on the PostgreSQL server (needs ISMAIL_TEST_DATABASE_URL)', () => {
  let db: Database;
  let drop: (() => Promise<void>) | undefined;
  let receiver: Server;
  const received = new Map<string, number>();
  const dataDirs: string[] = [];
  const processes: Running[] = [];
  // Production mode: both processes share the secrets from their environment (the master key seals webhook secrets).
  const secrets = productionSecretsEnv();
  const masterKey = Buffer.from(secrets.ISMAIL_MASTER_KEY ?? '', 'base64url');
  let webhooks: Webhooks;
  let partnerId = '';

  const startProcess = async (url: string, allowed: string): Promise<Running> => {
    const port = await freePort();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ismail-two-clouds-'));
    dataDirs.push(dataDir);
    const child = spawn(process.execPath, [mainJs], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        CLOUD_PORT: String(port),
        ISMAIL_DATA_DIR: dataDir,
        ...secrets,
        ISMAIL_DEMO: 'false',
        LOG_LEVEL: 'debug',
        ISMAIL_WEBHOOKS_ALLOW_PRIVATE_HOSTS: allowed,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let partial = '';
    const collect = (chunk: Buffer): void => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; ; i++) {
      const ok = await fetch(`http://127.0.0.1:${String(port)}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (i > 600) throw new Error(`a cloud process did not start:\n${lines.slice(-20).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { child, lines, exited };
  };

  beforeAll(async () => {
    const database = await createServerDatabase(requireTestDatabaseUrl(), 'ismail_two_clouds');
    drop = database.drop;
    db = await openDatabase({ url: database.url, poolMax: 4, embeddedDataDir: 'unused' });
    await migrate(db.pool);
    // A slow receiver, so both processes' sends overlap in time.
    receiver = createServer((request, response) => {
      const id = String(request.headers['x-ismail-delivery']);
      received.set(id, (received.get(id) ?? 0) + 1);
      request.resume();
      request.on('end', () => setTimeout(() => response.writeHead(204).end(), 60));
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const allowed = `127.0.0.1:${String((receiver.address() as AddressInfo).port)}`;
    const partner = randomUUID();
    await db.pool.query(
      "INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, status) VALUES ($1, 'partner', 'Two', 'Two', 'Clouds', 'two-clouds@test.ismail.ci', 'x', 'active')",
      [partner],
    );
    webhooks = new Webhooks(db, { bytes: masterKey }, { allowPrivateHosts: [allowed] });
    await webhooks.subscribe(partner, { url: `http://${allowed}/hook`, events: ['device.alarm'] });
    partnerId = partner;
    processes.push(await startProcess(database.url, allowed), await startProcess(database.url, allowed));
  }, 120_000);

  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    // Without a server nothing was set up (the suite failed in beforeAll, saying why).
    if (drop === undefined) return;
    await new Promise((resolve) => receiver.close(resolve));
    await db.close();
    await drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('runs each periodic job once per period, posts each webhook once, and stops cleanly', async () => {
    // Queued once both processes run: both look for due deliveries at the same aligned instants.
    await withTransaction(db.pool, async (client) => {
      for (let i = 0; i < deliveries; i++)
        await webhooks.enqueue(client, partnerId, { id: `alarm-${String(i)}`, type: 'device.alarm', data: { n: i } });
    });
    const fromMs = Date.now();
    await new Promise((resolve) => setTimeout(resolve, watchMs));
    const toMs = Date.now();

    // Every run each process logged, by job and by the period its start fell in.
    const runs = processes.flatMap((p, index) =>
      p.lines
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg?: string; job?: string; time: number; durationMs?: number })
        .filter((entry) => entry.msg === 'job run' && entry.job !== undefined)
        .map((entry) => ({ process: index, job: entry.job ?? '', startedMs: entry.time - (entry.durationMs ?? 0) })),
    );
    const periods: Record<string, number> = {
      'notifications.feed': 1_000,
      'payments.settle-top-ups': 5_000,
      'wallet.expire-holds': 5_000,
      'invoicing.automatic': 5_000,
    };
    for (const [job, everyMs] of Object.entries(periods)) {
      const inWindow = runs.filter((r) => r.job === job && r.startedMs >= fromMs && r.startedMs < toMs);
      const perPeriod = new Map<number, number>();
      for (const r of inWindow)
        perPeriod.set(Math.floor(r.startedMs / everyMs), (perPeriod.get(Math.floor(r.startedMs / everyMs)) ?? 0) + 1);
      // Twice in one period would mean both processes ran it.
      expect({ job, twice: [...perPeriod.values()].filter((n) => n > 1).length }).toEqual({ job, twice: 0 });
      // And it did run, about once per period (a loaded machine may miss an edge period).
      expect(inWindow.length, job).toBeGreaterThanOrEqual(Math.floor((toMs - fromMs) / everyMs) - 2);
    }

    expect(received.size).toBe(deliveries);
    expect([...received.values()].filter((n) => n !== 1)).toEqual([]);
    const { rows } = await db.pool.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM webhook_deliveries GROUP BY status',
    );
    expect(rows).toEqual([{ status: 'delivered', n: String(deliveries) }]);

    for (const p of processes) p.child.kill('SIGTERM');
    const codes = await Promise.all(processes.map((p) => p.exited));
    expect(codes).toEqual([0, 0]);
    const afterEnd = processes
      .flatMap((p) => p.lines)
      .filter((line) => /after calling end on the pool|Cannot use a pool/.test(line));
    expect(afterEnd).toEqual([]);
  }, 60_000);
});
