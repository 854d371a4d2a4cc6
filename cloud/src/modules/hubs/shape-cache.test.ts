import { describe, expect, it } from 'vitest';
import { ifNoneMatchHits, shapeEtag, withCaching, type ShapeResponse } from './shape-cache.js';

const answer = (offset: string, extra: Record<string, string> = {}): ShapeResponse => ({
  status: 200,
  headers: { 'electric-handle': 'shop_products-p1', 'electric-offset': offset, ...extra },
  body: [{ headers: { control: 'up-to-date' } }],
});

describe('shape answers caching', () => {
  it('names the handle and both offsets in the etag, and the cursor for a live answer', () => {
    expect(shapeEtag('shop_products-p1', '-1', '7_0')).toBe('"shop_products-p1:-1:7_0"');
    expect(shapeEtag('shop_products-p1', '7_0', '9_0', '123')).toBe('"shop_products-p1:7_0:9_0:123"');
  });

  it('matches If-None-Match lists, weak tags and *, never another handle, nor an overlong header', () => {
    const etag = shapeEtag('shop_products-p1', '-1', '7_0');
    expect(ifNoneMatchHits(etag, etag)).toBe(true);
    expect(ifNoneMatchHits(`"a", W/${etag}`, etag)).toBe(true);
    expect(ifNoneMatchHits('*', etag)).toBe(true);
    expect(ifNoneMatchHits(undefined, etag)).toBe(false);
    expect(ifNoneMatchHits(shapeEtag('shop_products-p2', '-1', '7_0'), etag)).toBe(false);
    expect(ifNoneMatchHits(`${'"x", '.repeat(500)}${etag}`, etag)).toBe(false);
  });

  it('gives each kind of answer its lifetime, 304 without rows on a match, and never keeps a refusal', () => {
    expect(withCaching(answer('7_0'), { offset: '-1' }, undefined).headers['cache-control']).toBe(
      'private, max-age=604800, stale-while-revalidate=2629746',
    );
    expect(withCaching(answer('7_120'), { offset: '7_100' }, undefined).headers['cache-control']).toMatch(
      /max-age=604800/,
    );
    expect(withCaching(answer('9_0'), { offset: '7_0' }, undefined).headers['cache-control']).toBe(
      'private, max-age=60, stale-while-revalidate=300',
    );
    const live = withCaching(answer('9_0', { 'electric-cursor': '5' }), { offset: '7_0', live: true }, undefined);
    expect(live.headers['cache-control']).toBe('private, max-age=5, stale-while-revalidate=5');
    expect(live.headers.etag).toBe('"shop_products-p1:7_0:9_0:5"');
    const hit = withCaching(answer('9_0'), { offset: '7_0' }, '"shop_products-p1:7_0:9_0"');
    expect(hit.status).toBe(304);
    expect(hit.body).toEqual([]);
    const refused = withCaching({ status: 409, headers: {}, body: [] }, { offset: '7_0' }, '*');
    expect(refused.status).toBe(409);
    expect(refused.headers['cache-control']).toBe('no-store');
  });
});
