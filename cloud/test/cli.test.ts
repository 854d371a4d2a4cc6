// Proves the operator CLI as an operator runs it (`npx ismail`, the root package's bin):
// help, health against a running cloud and hub, and clear failures.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot } from '../../tools/test-support/processes.js';
import { startCloud, type RunningCloud } from '../src/server.js';
import { parseCloudConfig } from '../src/config.js';

/** Async on purpose: the cloud under test runs in this process and must keep answering. */
function ismail(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['--no-install', 'ismail', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

describe('npx ismail', () => {
  let cloud: RunningCloud;
  beforeAll(async () => {
    const parsed = parseCloudConfig({ CLOUD_PORT: '0', ISMAIL_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ismail-cli-')), LOG_LEVEL: 'silent' });
    if (!parsed.ok) throw new Error('bad test config');
    cloud = await startCloud(parsed.values);
  });
  afterAll(async () => {
    await cloud.stop();
  });

  it('prints help listing its commands', async () => {
    const result = await ismail('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: npx ismail <command>');
    expect(result.stdout).toContain('health');
  });

  it('checks health: cloud up, hub down gives exit 1 and says which', async () => {
    const closedPort = await freePort();
    const result = await ismail('health', '--cloud-url', cloud.url, '--hub-url', `http://127.0.0.1:${String(closedPort)}`);
    expect(result.stdout).toMatch(/^cloud ok +http:\/\/127\.0\.0\.1:\d+ v0\.1\.0 — database ok/m);
    expect(result.stdout).toMatch(/^hub +DOWN +http:\/\/127\.0\.0\.1:\d+ — nothing is listening there/m);
    expect(result.status).toBe(1);
  });

  it('prints the OpenAPI document of a running cloud', async () => {
    const result = await ismail('openapi', '--cloud-url', cloud.url);
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it('refuses an unknown command and a bad option with usage, exit 2', async () => {
    expect((await ismail('launch-rockets')).status).toBe(2);
    const bad = await ismail('health', '--timeout-ms', 'soon');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--timeout-ms must be an integer');
  });
});
