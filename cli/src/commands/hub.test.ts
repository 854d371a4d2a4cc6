// The CLI finds the hub admin token where `npm start` keeps it ($ISMAIL_DATA_DIR/hub/admin-token),
// still finds it in the older nested place, prefers the environment, and says where it looked.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../context.js';
import { hubAdminToken } from './hub.js';

function contextWith(env: Record<string, string>): CliContext {
  return {
    io: { out: () => undefined, err: () => undefined, env },
    cloudUrl: 'http://127.0.0.1:1',
    hubUrl: 'http://127.0.0.1:1',
    timeoutMs: 1_000,
    operatorToken: undefined,
  };
}

function dataDirWith(relative: string[], token: string): string {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ismail-cli-token-'));
  const file = path.join(dataDir, ...relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${token}\n`);
  return dataDir;
}

describe('hubAdminToken', () => {
  it('reads the token npm start writes at $ISMAIL_DATA_DIR/hub/admin-token', () => {
    const dataDir = dataDirWith(['hub', 'admin-token'], 'launcher-token');
    expect(hubAdminToken(contextWith({ ISMAIL_DATA_DIR: dataDir }))).toBe('launcher-token');
  });

  it('still reads a hub whose own data folder is $ISMAIL_DATA_DIR/hub', () => {
    const dataDir = dataDirWith(['hub', 'hub', 'admin-token'], 'nested-token');
    expect(hubAdminToken(contextWith({ ISMAIL_DATA_DIR: dataDir }))).toBe('nested-token');
  });

  it('prefers ISMAIL_HUB_ADMIN_TOKEN, and names both places when there is no token', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ismail-cli-token-'));
    expect(hubAdminToken(contextWith({ ISMAIL_DATA_DIR: dataDir, ISMAIL_HUB_ADMIN_TOKEN: 'from-env' }))).toBe(
      'from-env',
    );
    expect(() => hubAdminToken(contextWith({ ISMAIL_DATA_DIR: dataDir }))).toThrow(
      path.join(dataDir, 'hub', 'admin-token'),
    );
  });
});
