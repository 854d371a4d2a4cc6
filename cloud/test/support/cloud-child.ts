/**
 * A real cloud process for the multi-process acceptance test: the built entry point (`cloud/dist/src/main.js`) run
 * as a child in production mode (DATABASE_URL set, the shared secrets from its environment), its own port and data
 * folder, its last output lines kept for the failure message, and a stop that always ends it (SIGTERM, then SIGKILL
 * after a bound) so no process outlives the test.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtEntry, exited, freePort, startProcess } from '../../../tools/test-support/processes.js';

/** Output lines kept per process: enough to see why one failed, bounded on a long run. */
const keptLines = 200;
/** A process not gone this long after SIGTERM is killed. */
const stopBoundMs = 15_000;

export interface CloudChild {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** Its last output lines (stdout and stderr). */
  readonly lines: string[];
  /** Ends it: SIGTERM, SIGKILL after the bound; resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts one cloud process on `env` (DATABASE_URL, the secrets, ...) with a port and data folder of its own. */
export async function startCloudChild(name: string, env: Record<string, string>): Promise<CloudChild> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), `ismail-${name}-`));
  const child = startProcess(builtEntry('cloud'), {
    ...env,
    CLOUD_PORT: String(port),
    ISMAIL_DATA_DIR: dataDir,
  });
  const lines: string[] = [];
  let partial = '';
  const collect = (chunk: Buffer): void => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    if (lines.length > keptLines) lines.splice(0, lines.length - keptLines);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), stopBoundMs);
      await exited(child);
      clearTimeout(killer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { name, port, url: `http://127.0.0.1:${String(port)}`, child, lines, stop };
}

/** Waits until the process answers /health, or throws with its last lines (it exited, or the time is up). */
export async function waitUntilServing(cloud: CloudChild, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (cloud.child.exitCode !== null || cloud.child.signalCode !== null)
      throw new Error(`cloud ${cloud.name} exited before serving:\n${cloud.lines.slice(-30).join('\n')}`);
    const ok = await fetch(`${cloud.url}/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(
        `cloud ${cloud.name} did not serve within ${String(timeoutMs)} ms:\n${cloud.lines.slice(-30).join('\n')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
