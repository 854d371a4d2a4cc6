// Proves the map tiles archive (issue 25): our PMTiles v3 writer is read back by the pmtiles library itself (its
// `PMTiles` class over a `Source` of the bytes): tile ids agree with the library's, every tile of every zoom is found
// and is a 256 px PNG, the header's bounds, zooms and counts are right, repeated tiles are stored once; the drawing is
// deterministic and under 3 MB. Then the public route: Range answers match the bytes (206 and Content-Range), bad
// ranges are 416, ETag and If-None-Match give 304, a stale If-Range gets the whole file, and the library reads tiles
// through the route. The route reads no database: it runs on the embedded one only.
import type { FastifyInstance } from 'fastify';
import { PMTiles, zxyToTileId, type Source } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateAbidjanArchive,
  tilesAt,
  tilesBounds,
  tilesMaxZoom,
  tilesMinZoom,
} from '../src/modules/real-estate/tiles-generate.js';
import { TileKind, tileId, writeArchive } from '../src/modules/real-estate/tiles-pmtiles.js';
import { parseRange } from '../src/modules/real-estate/tiles-range.js';
import { tilesPath } from '../src/modules/real-estate/tiles-routes.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

const sourceOf = (bytes: Buffer): Source => ({
  getKey: () => 'test',
  getBytes: async (offset: number, length: number) => {
    const slice = bytes.subarray(offset, offset + length);
    return Promise.resolve({
      data: slice.buffer.slice(slice.byteOffset, slice.byteOffset + slice.length) as ArrayBuffer,
    });
  },
});
const options = {
  tileType: TileKind.png,
  minZoom: 0,
  maxZoom: 3,
  bounds: { minLon: -10, minLat: -5, maxLon: 10, maxLat: 5 },
  center: { lon: 0, lat: 0, zoom: 1 },
  metadata: { attribution: 'test' },
};
const png = Buffer.from('89504e470d0a1a0a', 'hex');

describe('PMTiles v3 writer', () => {
  it('refuses a tile given twice and a tile outside its zoom', () => {
    const tile = { z: 1, x: 0, y: 0, data: Buffer.from('a') };
    expect(() => writeArchive([tile, tile], options)).toThrow(/twice/);
    expect(() => writeArchive([{ z: 1, x: 2, y: 0, data: Buffer.from('a') }], options)).toThrow(/outside/);
  });

  it('numbers tiles as the library does', () => {
    for (let z = 0; z <= 16; z += 1)
      for (let k = 0; k < 40; k += 1) {
        const n = 2 ** z;
        const x = (k * 7919) % n;
        const y = (k * 104_729 + z) % n;
        expect(tileId(z, x, y), `${String(z)}/${String(x)}/${String(y)}`).toBe(zxyToTileId(z, x, y));
      }
  });

  it('writes an archive the library reads back, repeated tiles stored once', async () => {
    const same = Buffer.concat([png, Buffer.from('same')]);
    const tiles = [
      { z: 0, x: 0, y: 0, data: Buffer.concat([png, Buffer.from('root')]) },
      { z: 1, x: 0, y: 0, data: same },
      { z: 1, x: 0, y: 1, data: same },
      { z: 1, x: 1, y: 1, data: same },
      { z: 3, x: 5, y: 2, data: Buffer.concat([png, Buffer.from('deep')]) },
    ];
    const bytes = writeArchive(tiles, options);
    const archive = new PMTiles(sourceOf(bytes));
    const header = await archive.getHeader();
    expect(header).toMatchObject({
      specVersion: 3,
      numAddressedTiles: 5,
      numTileContents: 3,
      tileType: 2,
      minZoom: 0,
      maxZoom: 3,
      minLon: -10,
      maxLat: 5,
      clustered: true,
    });
    for (const t of tiles) {
      const found = await archive.getZxy(t.z, t.x, t.y);
      expect(Buffer.from(found?.data ?? new ArrayBuffer(0)), `${String(t.z)}/${String(t.x)}/${String(t.y)}`).toEqual(
        t.data,
      );
    }
    expect(await archive.getZxy(1, 1, 0)).toBeUndefined();
    expect(await archive.getZxy(2, 0, 0)).toBeUndefined();
    expect(await archive.getMetadata()).toEqual({ attribution: 'test' });
  });
});

describe('Abidjan tiles archive', () => {
  let bytes: Buffer;
  beforeAll(() => {
    bytes = generateAbidjanArchive();
  }, 120_000);

  it('is deterministic and under 3 MB', () => {
    expect(bytes.length).toBeLessThan(3 * 1024 * 1024);
    expect(generateAbidjanArchive().equals(bytes)).toBe(true);
  }, 120_000);

  it('holds every tile of zooms 10 to 14 over Abidjan, each a 256 px PNG, and says it is schematic', async () => {
    const archive = new PMTiles(sourceOf(bytes));
    const header = await archive.getHeader();
    expect(header).toMatchObject({
      specVersion: 3,
      tileType: 2,
      minZoom: tilesMinZoom,
      maxZoom: tilesMaxZoom,
      minLon: tilesBounds.minLon,
      minLat: tilesBounds.minLat,
      maxLon: tilesBounds.maxLon,
      maxLat: tilesBounds.maxLat,
    });
    let count = 0;
    for (let z = tilesMinZoom; z <= tilesMaxZoom; z += 1)
      for (const { x, y } of tilesAt(z)) {
        const tile = await archive.getZxy(z, x, y);
        const data = Buffer.from(tile?.data ?? new ArrayBuffer(0));
        expect(data.subarray(0, 8).equals(png), `${String(z)}/${String(x)}/${String(y)}`).toBe(true);
        // The IHDR chunk: width and height right after the signature and chunk header.
        expect([data.readUInt32BE(16), data.readUInt32BE(20)]).toEqual([256, 256]);
        count += 1;
      }
    expect(header.numAddressedTiles).toBe(count);
    expect(count).toBeGreaterThan(300);
    // Outside Abidjan (z14 over Bouaké) and outside the zooms: nothing.
    expect(await archive.getZxy(14, 7963, 7843)).toBeUndefined();
    expect(await archive.getZxy(9, 250, 247)).toBeUndefined();
    const metadata = (await archive.getMetadata()) as { attribution: string };
    expect(metadata.attribution).toContain('carte schématique');
  });
});

describe('byte ranges', () => {
  it('refuses malformed, multiple and unsatisfiable ranges, and reads the three forms', () => {
    for (const bad of ['bytes=', 'bytes=-', 'bytes=5-2', 'bytes=100-', 'bytes=100-200', 'bytes=-0', 'items=0-1'])
      expect(parseRange(bad, 100), bad).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-1,4-5', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange(undefined, 100)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-9', 100)).toEqual({ kind: 'partial', start: 0, end: 9 });
    expect(parseRange('bytes=90-500', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(parseRange('bytes=95-', 100)).toEqual({ kind: 'partial', start: 95, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(parseRange('bytes=-500', 100)).toEqual({ kind: 'partial', start: 0, end: 99 });
  });
});

describe.each(testBackends.slice(0, 1))('tiles route on $name', (backend) => {
  let cloud: TestCloud;
  let app: FastifyInstance;
  let expected: Buffer;
  const fetchRange = (headers: Record<string, string>) => app.inject({ method: 'GET', url: tilesPath, headers });

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
    app = cloud.app;
    expected = generateAbidjanArchive();
  }, 120_000);
  afterAll(async () => {
    await cloud.close();
  });

  it('answers bad ranges with 416 and the size', async () => {
    const size = String(expected.length);
    for (const range of [`bytes=${size}-`, 'bytes=10-5', 'bytes=0-1,5-9', 'pages=1-2', 'bytes=abc']) {
      const response = await fetchRange({ range });
      expect(response.statusCode, range).toBe(416);
      expect(response.headers['content-range']).toBe(`bytes */${size}`);
    }
  }, 120_000);

  it('serves the archive without sign-in, its ranges as bytes of it, with ETag and a long cache', async () => {
    const whole = await fetchRange({});
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.equals(expected)).toBe(true);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['cache-control']).toBe('public, max-age=2592000');
    const etag = String(whole.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const size = expected.length;
    for (const [range, start, end] of [
      ['bytes=0-126', 0, 126],
      ['bytes=127-16383', 127, 16_383],
      ['bytes=-10', size - 10, size - 1],
      [`bytes=${String(size - 5)}-`, size - 5, size - 1],
      [`bytes=${String(size - 3)}-${String(size + 100)}`, size - 3, size - 1],
    ] as const) {
      const part = await fetchRange({ range });
      expect(part.statusCode, range).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes ${String(start)}-${String(end)}/${String(size)}`);
      expect(part.rawPayload.equals(expected.subarray(start, end + 1)), range).toBe(true);
    }
    expect((await fetchRange({ 'if-none-match': etag })).statusCode).toBe(304);
    const stale = await fetchRange({ range: 'bytes=0-9', 'if-range': '"stale"' });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.length).toBe(size);
    expect((await fetchRange({ range: 'bytes=0-9', 'if-range': etag })).statusCode).toBe(206);
  }, 120_000);

  it('is read by the pmtiles library through the route', async () => {
    const viaRoute: Source = {
      getKey: () => tilesPath,
      getBytes: async (offset, length) => {
        const response = await fetchRange({ range: `bytes=${String(offset)}-${String(offset + length - 1)}` });
        expect(response.statusCode).toBe(206);
        const data = response.rawPayload;
        return { data: data.buffer.slice(data.byteOffset, data.byteOffset + data.length) as ArrayBuffer };
      },
    };
    const archive = new PMTiles(viaRoute);
    const [first] = tilesAt(12);
    const tile = await archive.getZxy(12, first?.x ?? 0, first?.y ?? 0);
    expect(
      Buffer.from(tile?.data ?? new ArrayBuffer(0))
        .subarray(0, 8)
        .equals(png),
    ).toBe(true);
  });
});
