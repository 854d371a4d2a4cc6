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
