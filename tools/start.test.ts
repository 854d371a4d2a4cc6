// Proves `npm start` as a new user meets it: everything answers within 60 s with the demo
// accounts printed, Ctrl-C stops every process, a second start reuses the data without
// seeding twice, a bad value stops start-up with one line naming the variable, and the cloud
// stopping (asked or killed) leaves the counter selling offline until it is started again
// and the outbox drains.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, repoRoot, runToEnd, until } from './test-support/processes.js';

// Includes the build (tsc -b, vite) that npm start runs first; the launcher itself gives each service 60 s.
const readyTimeoutMs = 150_000;

interface Run {
  readonly output: () => string;
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
  interrupt(): void;
}

function npmStart(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [path.join(repoRoot, 'tools', 'start.mjs')], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not ready within ${String(readyTimeoutMs)} ms:\n${output}`)),
      readyTimeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('ISMAIL is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => reject(new Error(`npm start exited before ready:\n${output}`)));
  });
  ready.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { output: () => output, ready, exited, interrupt: () => child.kill('SIGINT') };
}

const portIsOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

describe('npm start', () => {
  it('runs cloud, hub and printer, stops on Ctrl-C, and reuses its data', { timeout: 360_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ismail-start-'));
    const ports = { cloud: await freePort(), hub: await freePort(), printer: await freePort() };
    const env = {
      ISMAIL_DATA_DIR: dataDir,
      CLOUD_PORT: String(ports.cloud),
      HUB_PORT: String(ports.hub),
      PRINTER_SIM_PORT: String(ports.printer),
    };

    const first = npmStart(env);
    await first.ready;
    expect((await fetch(`http://127.0.0.1:${String(ports.cloud)}/health`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${String(ports.hub)}/health`)).status).toBe(200);
    expect(await portIsOpen(ports.printer)).toBe(true);
    expect(first.output()).toContain('client        client@demo.ismail.ci');
    expect(first.output()).toContain(`http://127.0.0.1:${String(ports.cloud)}`);
    first.interrupt();
    expect(await first.exited).toBe(0);
    expect(await portIsOpen(ports.cloud)).toBe(false);
    expect(await portIsOpen(ports.hub)).toBe(false);
    expect(await portIsOpen(ports.printer)).toBe(false);

    const second = npmStart(env);
    await second.ready;
    second.interrupt();
    expect(await second.exited).toBe(0);
    const cloudLog = readFileSync(path.join(dataDir, 'logs', 'cloud.log'), 'utf8');
    expect(cloudLog.match(/"demo data seeded"/g)).toHaveLength(1);
    expect(cloudLog).toContain('"demo data already present"');
    // The second start found every migration applied and applied none.
    expect(cloudLog).toMatch(/"applied":\[\],"alreadyApplied":[1-9]/);
  });

  it(
    'keeps the hub selling when the cloud stops alone (asked, or killed), and drains the outbox when it starts again',
    { timeout: 360_000 },
    async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'ismail-start-offline-'));
      const ports = { cloud: await freePort(), hub: await freePort(), printer: await freePort() };
      const env = {
        ISMAIL_DATA_DIR: dataDir,
        CLOUD_PORT: String(ports.cloud),
        HUB_PORT: String(ports.hub),
        PRINTER_SIM_PORT: String(ports.printer),
      };
      const hubUrl = `http://127.0.0.1:${String(ports.hub)}`;
      const cliEnv = { ISMAIL_DATA_DIR: dataDir, ISMAIL_CLOUD_URL: `http://127.0.0.1:${String(ports.cloud)}` };
      const cli = (...args: string[]) => runToEnd(path.join(repoRoot, 'bin', 'ismail.mjs'), cliEnv, 90_000, args);
      const run = npmStart(env);
      try {
        await run.ready;
        expect(run.output()).toContain('Press c to stop or start the cloud alone');
        const admin = {
          authorization: `Bearer ${readFileSync(path.join(dataDir, 'hub', 'admin-token'), 'utf8').trim()}`,
          'content-type': 'application/json',
        };
        const status = async () =>
          (await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as {
            paired: boolean;
            outboxDepth: number;
            cloudReachable?: boolean;
          };
        expect((await status()).paired).toBe(true);
        expect(
          (
            await fetch(`${hubUrl}/api/v1/cash-sessions`, {
              method: 'POST',
              headers: admin,
              body: JSON.stringify({ floatXof: 10_000 }),
            })
          ).status,
        ).toBe(201);
        const operator = {
          authorization: `Bearer ${readFileSync(path.join(dataDir, 'cloud', 'operator-token'), 'utf8').trim()}`,
        };
        const accounts = (
          (await (
            await fetch(`http://127.0.0.1:${String(ports.cloud)}/v1/operator/accounts?limit=100`, { headers: operator })
          ).json()) as { accounts: { id: string; email: string }[] }
        ).accounts;
        const client = accounts.find((a) => a.email === 'client@demo.ismail.ci')?.id ?? '';
        const topUp = () =>
          fetch(`${hubUrl}/api/v1/cash-top-ups`, {
            method: 'POST',
            headers: admin,
            body: JSON.stringify({ id: crypto.randomUUID(), accountId: client, amountXof: 500 }),
          });

        // Asked: `npx ismail cloud stop` stops the cloud alone.
        const stopped = await cli('cloud', 'stop');
        expect(stopped.stdout, `exit ${String(stopped.code)}: ${stopped.stderr}`).toContain('cloud stopped');
        expect(await portIsOpen(ports.cloud)).toBe(false);
        expect((await fetch(`${hubUrl}/health`)).status).toBe(200);
        expect(await portIsOpen(ports.printer)).toBe(true);
        expect((await topUp()).status).toBe(201);
        expect((await topUp()).status).toBe(201);
        expect((await status()).outboxDepth).toBe(2);
        // The port closes a moment before the process has exited and the launcher has said so.
        expect(
          await until(
            () => Promise.resolve(run.output()),
            (o) => o.includes('the cloud stopped as asked'),
            20_000,
          ),
        ).toContain('the cloud stopped as asked');

        const started = await cli('cloud', 'start');
        expect(started.stdout, `exit ${String(started.code)}: ${started.stderr}`).toContain('cloud started');
        expect((await until(status, (s) => s.outboxDepth === 0, 60_000)).outboxDepth).toBe(0);

        // Killed: the launcher says so and leaves the hub and simulators running.
        const { children } = JSON.parse(readFileSync(path.join(dataDir, 'launcher.json'), 'utf8')) as {
          children: Record<string, number>;
        };
        process.kill(children.cloud ?? 0, 'SIGKILL');
        await until(
          () => portIsOpen(ports.cloud),
          (open) => !open,
          20_000,
        );
        expect(
          await until(
            () => Promise.resolve(run.output()),
            (o) => o.includes('the cloud stopped unexpectedly (SIGKILL)'),
            20_000,
          ),
        ).toContain('the cloud stopped unexpectedly (SIGKILL)');
        expect((await fetch(`${hubUrl}/health`)).status).toBe(200);
        expect((await topUp()).status).toBe(201);
        expect((await cli('cloud', 'start')).code).toBe(0);
        expect((await until(status, (s) => s.outboxDepth === 0, 60_000)).outboxDepth).toBe(0);
      } finally {
        run.interrupt();
        expect(await run.exited, run.output()).toBe(0);
      }
    },
  );

  it('stops with one line naming a bad variable', async () => {
    const result = await runToEnd(
      path.join(repoRoot, 'tools', 'start.mjs'),
      { CLOUD_PORT: 'abc', ISMAIL_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ismail-start-bad-')) },
      60_000,
    );
    expect(result.code).toBe(78);
    const errorLines = result.stderr.split('\n').filter((l) => l.startsWith('ismail:'));
    expect(errorLines).toEqual([
      'ismail: configuration error: CLOUD_PORT must be a port number from 0 to 65535 (got "abc")',
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
