// Proves that bad environment values become one readable line naming the variable.
import { describe, expect, it } from 'vitest';
import { booleanParser, integerParser, parseEnv, portParser, urlParser } from './env.js';

const spec = {
  CLOUD_PORT: { parse: portParser, fallback: 8080, description: 'port the cloud listens on' },
  DATABASE_URL: { parse: urlParser(['postgres:', 'postgresql:']), description: 'PostgreSQL URL' },
  ISMAIL_DEMO: { parse: booleanParser, fallback: false, description: 'seed demo data' },
  POOL_MAX: { parse: integerParser(1, 100), fallback: 10, description: 'pool size' },
};

describe('parseEnv', () => {
  it('uses fallbacks for unset and blank variables and parses the rest', () => {
    const result = parseEnv(spec, { DATABASE_URL: 'postgres://u@h:5432/db', CLOUD_PORT: ' ', ISMAIL_DEMO: 'yes' });
    expect(result).toEqual({
      ok: true,
      values: { CLOUD_PORT: 8080, DATABASE_URL: 'postgres://u@h:5432/db', ISMAIL_DEMO: true, POOL_MAX: 10 },
    });
  });

  it('names each bad variable in one line with what was expected', () => {
    const result = parseEnv(spec, { CLOUD_PORT: 'abc', DATABASE_URL: 'mysql://x', POOL_MAX: '0' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.message)).toEqual([
      'CLOUD_PORT must be a port number from 0 to 65535 (got "abc")',
      'DATABASE_URL must be a URL starting with postgres:// or postgresql:// (got "mysql://x")',
      'POOL_MAX must be an integer from 1 to 100 (got "0")',
    ]);
    for (const problem of result.problems) expect(problem.message).not.toContain('\n');
  });

  it('reports a missing required variable', () => {
    const result = parseEnv(spec, {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toBe('DATABASE_URL is required: PostgreSQL URL');
  });

  it('refuses ports out of range and truncates long echoed values', () => {
    const long = '9'.repeat(200);
    const result = parseEnv({ P: { parse: portParser, description: 'p' } }, { P: long });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message.length).toBeLessThan(120);
    expect(portParser('65536')).toEqual({ ok: false, expected: 'a port number from 0 to 65535' });
    expect(portParser('0')).toEqual({ ok: true, value: 0 });
  });
});
