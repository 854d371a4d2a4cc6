// The verified-token cache's own rules: exact token, same key set, before expiry, bounded.
import { describe, expect, it } from 'vitest';
import { verifiedTokenCache } from './verified-tokens.js';

describe('verified token cache', () => {
  const keys = { keys: [] };

  it('answers only for the same token, the same key set and before expiry', () => {
    const cache = verifiedTokenCache<string>();
    cache.set('t1', keys, 2_000, 'p1');
    expect(cache.get('t1', keys, 1_999)).toBe('p1');
    expect(cache.get('t2', keys, 1_000)).toBeUndefined();
    expect(cache.get('t1', { keys: [] }, 1_000)).toBeUndefined();
    // A stale entry is forgotten, not kept for the next key set.
    expect(cache.size).toBe(0);
    cache.set('t1', keys, 2_000, 'p1');
    expect(cache.get('t1', keys, 2_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps at most its bound, forgetting the oldest first', () => {
    const cache = verifiedTokenCache<number>(3);
    for (let i = 1; i <= 5; i++) cache.set(`t${String(i)}`, keys, 10_000, i);
    expect(cache.size).toBe(3);
    expect(cache.get('t1', keys, 0)).toBeUndefined();
    expect(cache.get('t2', keys, 0)).toBeUndefined();
    expect([3, 4, 5].map((i) => cache.get(`t${String(i)}`, keys, 0))).toEqual([3, 4, 5]);
    expect(() => verifiedTokenCache(0)).toThrow();
  });
});
