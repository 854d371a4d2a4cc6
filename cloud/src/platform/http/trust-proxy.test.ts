// TRUST_PROXY accepts off, a hop count or proxy addresses and ranges, refuses anything else
// (a typo must stop start-up, not silently trust every X-Forwarded-For), and a hop count
// reaches Fastify as "trust the first N hops".
import { describe, expect, it } from 'vitest';
import { fastifyTrustProxy, trustProxyParser } from './trust-proxy.js';

describe('TRUST_PROXY', () => {
  it('reads off, hop counts and address lists', () => {
    for (const off of ['', 'off', 'false', 'No', '0'])
      expect(trustProxyParser(off)).toEqual({ ok: true, value: false });
    expect(trustProxyParser('1')).toEqual({ ok: true, value: 1 });
    expect(trustProxyParser(' 10.0.0.1, 10.0.1.0/24 ,::1,fd00::/8')).toEqual({
      ok: true,
      value: '10.0.0.1,10.0.1.0/24,::1,fd00::/8',
    });
  });

  it('refuses what it cannot read, rather than trusting every header', () => {
    for (const bad of [
      'true',
      'yes',
      '11',
      '-1',
      'proxy.local',
      '10.0.0.1/33',
      '10.0.0.256',
      '::1/129',
      '10.0.0.1/8/2',
      '10.0.0.1;10.0.0.2',
    ])
      expect(trustProxyParser(bad).ok, bad).toBe(false);
  });

  it('gives Fastify a hop count as a function of the hop', () => {
    const trust = fastifyTrustProxy(2);
    expect(typeof trust).toBe('function');
    if (typeof trust !== 'function') return;
    expect([trust('10.0.0.1', 0), trust('10.0.0.2', 1), trust('203.0.113.9', 2)]).toEqual([true, true, false]);
    expect(fastifyTrustProxy(false)).toBe(false);
    expect(fastifyTrustProxy('10.0.0.1')).toBe('10.0.0.1');
  });
});
