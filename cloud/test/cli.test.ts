// Proves the operator CLI as an operator runs it (`npx ismail`, the root package's bin):
// help, health against a running cloud and hub, and clear failures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../tools/test-support/processes.js';
import { startCloud, type RunningCloud } from '../src/server.js';
import { parseCloudConfig } from '../src/config.js';

function ismail(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npx', ['--no-install', 'ismail', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
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

  it('prints help listing its commands', () => {
    const result = ismail('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: npx ismail <command>');
    expect(result.stdout).toContain('health');
  });

  it('checks health: cloud up, hub down gives exit 1 and says which', () => {
    const result = ismail('health', '--cloud-url', cloud.url, '--hub-url', 'http://127.0.0.1:1');
    expect(result.stdout).toMatch(/^cloud ok +http:\/\/127\.0\.0\.1:\d+ v0\.1\.0 — database ok/m);
    expect(result.stdout).toMatch(/^hub +DOWN +http:\/\/127\.0\.0\.1:1 — nothing is listening there/m);
    expect(result.status).toBe(1);
  });

  it('prints the OpenAPI document of a running cloud', () => {
    const result = ismail('openapi', '--cloud-url', cloud.url);
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it('refuses an unknown command and a bad option with usage, exit 2', () => {
    expect(ismail('launch-rockets').status).toBe(2);
    const bad = ismail('health', '--timeout-ms', 'soon');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--timeout-ms must be an integer');
  });
});
