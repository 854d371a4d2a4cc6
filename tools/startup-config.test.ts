// Proves a bad environment value stops each real process with one clear line naming the
// variable (no stack trace) and the EX_CONFIG exit status.
import { describe, expect, it } from 'vitest';
import { builtEntry, runToEnd } from './test-support/processes.js';

const cases = [
  { pkg: 'cloud', env: { CLOUD_PORT: 'abc' }, variable: 'CLOUD_PORT' },
  { pkg: 'cloud', env: { DATABASE_URL: 'mysql://root@localhost/x' }, variable: 'DATABASE_URL' },
  { pkg: 'hub', env: { HUB_PORT: '99999' }, variable: 'HUB_PORT' },
  { pkg: 'hub', env: { CLOUD_URL: 'ftp://cloud' }, variable: 'CLOUD_URL' },
  { pkg: 'firmware-sim', env: { PRINTER_SIM_PORT: 'nine' }, variable: 'PRINTER_SIM_PORT' },
] as const;

describe('start-up with a bad environment value', () => {
  it.each(cases)('$pkg refuses $variable with one line', async ({ pkg, env, variable }) => {
    const result = await runToEnd(builtEntry(pkg), { ...env, ISMAIL_DATA_DIR: '/nonexistent/never-created' });
    expect(result.code).toBe(78);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
    expect(lines[0]).toMatch(/configuration error: .* must be /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

// Production mode (DATABASE_URL set): several processes may share the database, so the secrets they must share come
// from the environment (issue 29.1). Without one, the cloud refuses before connecting, one line per missing variable.
const productionSecrets = ['ISMAIL_MASTER_KEY', 'ISMAIL_OPERATOR_TOKEN', 'VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY'];
const secretValues: Record<string, string> = {
  ISMAIL_MASTER_KEY: 'k'.repeat(43),
  ISMAIL_OPERATOR_TOKEN: 't'.repeat(43),
  VAPID_PUBLIC_KEY: 'BPublicKeyOfTheTest',
  VAPID_PRIVATE_KEY: 'privateKeyOfTheTest',
};
// Nothing listens there: a cloud that got past its configuration would fail to connect (exit 1), not exit 78.
const production = {
  DATABASE_URL: 'postgres://ismail@127.0.0.1:1/ismail',
  ISMAIL_DATA_DIR: '/nonexistent/never-created',
};

describe('start-up in production mode without a shared secret', () => {
  it.each(productionSecrets)('refuses without %s, naming it on one line', async (missing) => {
    const env = { ...production, ...secretValues };
    delete env[missing as keyof typeof env];
    const result = await runToEnd(builtEntry('cloud'), env);
    expect(result.code, result.stderr).toBe(78);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`configuration error: ${missing} is required with DATABASE_URL`));
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // The secret values given are never echoed back.
    for (const value of Object.values(secretValues)) expect(result.stderr).not.toContain(value);
  });

  it('names every missing secret, one line each, when none is given', async () => {
    const result = await runToEnd(builtEntry('cloud'), production);
    expect(result.code, result.stderr).toBe(78);
    const lines = result.stderr.trim().split('\n');
    expect(lines.map((line) => /error: (\w+) is required with DATABASE_URL/.exec(line)?.[1])).toEqual(
      productionSecrets,
    );
  });

  it('refuses a direct URL (DATABASE_DIRECT_URL, past PgBouncer) without DATABASE_URL, on one line', async () => {
    const result = await runToEnd(builtEntry('cloud'), {
      DATABASE_DIRECT_URL: 'postgres://ismail@127.0.0.1:1/ismail',
      ISMAIL_DATA_DIR: '/nonexistent/never-created',
    });
    expect(result.code, result.stderr).toBe(78);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/configuration error: DATABASE_DIRECT_URL needs DATABASE_URL/),
    ]);
  });

  it('gets past its configuration with all four (then fails to reach the database, exit 1)', async () => {
    const result = await runToEnd(builtEntry('cloud'), { ...production, ...secretValues });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/could not start/);
    expect(result.stderr).not.toMatch(/configuration error/);
  });
});
