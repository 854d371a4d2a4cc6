// Proves `npm start` as a new user meets it: everything answers within 60 s with the demo
// accounts printed, Ctrl-C stops every process, a second start reuses the data without
// seeding twice, and a bad value stops start-up with one line naming the variable.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, repoRoot, runToEnd } from './test-support/processes.js';

const readyTimeoutMs = 60_000;

interface Run {
  readonly output: () => string;
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
  interrupt(): void;
}

function npmStart(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [path.join(repoRoot, 'tools', 'start.mjs')], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within ${String(readyTimeoutMs)} ms:\n${output}`)), readyTimeoutMs);
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
  it('runs cloud, hub and printer, stops on Ctrl-C, and reuses its data', { timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ismail-start-'));
    const ports = { cloud: await freePort(), hub: await freePort(), printer: await freePort() };
    const env = { ISMAIL_DATA_DIR: dataDir, CLOUD_PORT: String(ports.cloud), HUB_PORT: String(ports.hub), PRINTER_SIM_PORT: String(ports.printer) };

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

  it('stops with one line naming a bad variable', async () => {
    const result = await runToEnd(path.join(repoRoot, 'tools', 'start.mjs'), { CLOUD_PORT: 'abc', ISMAIL_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ismail-start-bad-')) }, 60_000);
    expect(result.code).toBe(78);
    const errorLines = result.stderr.split('\n').filter((l) => l.startsWith('ismail:'));
    expect(errorLines).toEqual(['ismail: configuration error: CLOUD_PORT must be a port number from 0 to 65535 (got "abc")']);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
