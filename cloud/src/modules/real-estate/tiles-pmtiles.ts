/**
 * A PMTiles version 3 writer (the pmtiles package only reads): one file holding every tile of a map, which a client
 * reads with HTTP Range requests (github.com/protomaps/PMTiles, spec/v3/spec.md). Layout: the 127-byte header, the
 * root directory, the JSON metadata, then the tile data ordered by tile id (clustered). Identical tiles are stored once
 * (open sea, one commune's inside) and consecutive identical tiles share one run-length entry. Only a root directory
 * is written: the archive must be small enough for it (an error says so otherwise), which a city map is.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export const headerBytes = 127;
/** Clients read the header and root directory in the archive's first 16 KiB. */
const rootMax = 16_384 - headerBytes;

export const Compression = { none: 1, gzip: 2 } as const;
export const TileKind = { mvt: 1, png: 2, jpeg: 3, webp: 4 } as const;

export interface TileInput {
  readonly z: number;
  readonly x: number;
  readonly y: number;
  readonly data: Uint8Array;
}

export interface ArchiveOptions {
  readonly tileType: number;
  readonly minZoom: number;
  readonly maxZoom: number;
  /** Degrees. */
  readonly bounds: { minLon: number; minLat: number; maxLon: number; maxLat: number };
  readonly center: { lon: number; lat: number; zoom: number };
  readonly metadata: Record<string, unknown>;
}

/** Rotates a quadrant of the Hilbert curve (as the spec's reference code). */
function rotate(n: number, x: number, y: number, rx: number, ry: number): [number, number] {
  if (ry !== 0) return [x, y];
  if (rx !== 0) return [n - 1 - y, n - 1 - x];
  return [y, x];
}

/** The tile id: tiles of lower zooms first, then the position along the zoom's Hilbert curve. */
export function tileId(z: number, x: number, y: number): number {
  if (!Number.isInteger(z) || z < 0 || z > 26) throw new Error(`zoom ${String(z)} out of 0..26`);
  const n = 2 ** z;
  if (!(x >= 0 && x < n && y >= 0 && y < n)) throw new Error(`tile ${String(z)}/${String(x)}/${String(y)} outside`);
  // Tiles of zooms 0..z-1: (4^z - 1) / 3.
  let id = (n * n - 1) / 3;
  let [tx, ty] = [x, y];
  let d = 0;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    [tx, ty] = rotate(s, tx, ty, rx, ry);
  }
  id += d;
  return id;
}

/** Unsigned LEB128, exact up to 2^53 (no 32-bit bit operations). */
function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

/** A directory: count, id deltas, run lengths, lengths, offsets (0 = right after the previous entry, else offset+1). */
function serializeDirectory(entries: readonly Entry[]): Buffer {
  const out: number[] = [];
  pushVarint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    pushVarint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) pushVarint(out, e.runLength);
  for (const e of entries) pushVarint(out, e.length);
  entries.forEach((e, i) => {
    const previous = entries[i - 1];
    pushVarint(out, previous !== undefined && e.offset === previous.offset + previous.length ? 0 : e.offset + 1);
  });
  return Buffer.from(out);
}

/** Deterministic gzip: no file name, no time (zlib writes mtime 0), the same bytes for the same input. */
const gzip = (data: Uint8Array): Buffer => gzipSync(data, { level: 9 });

export function writeArchive(tiles: readonly TileInput[], options: ArchiveOptions): Buffer {
  const sorted = tiles.map((t) => ({ id: tileId(t.z, t.x, t.y), data: t.data })).sort((a, b) => a.id - b.id);
  for (let i = 1; i < sorted.length; i += 1)
    if (sorted[i]?.id === sorted[i - 1]?.id) throw new Error('the same tile is given twice');
  const chunks: Uint8Array[] = [];
  const offsets = new Map<string, number>();
  const entries: Entry[] = [];
  let dataLength = 0;
  for (const tile of sorted) {
    const hash = createHash('sha256').update(tile.data).digest('hex');
    let offset = offsets.get(hash);
    if (offset === undefined) {
      offset = dataLength;
      offsets.set(hash, offset);
      chunks.push(tile.data);
      dataLength += tile.data.length;
    }
    const last = entries[entries.length - 1];
    // The next tile id with the very same bytes: one entry covers both.
    if (last !== undefined && last.offset === offset && last.tileId + last.runLength === tile.id) last.runLength += 1;
    else entries.push({ tileId: tile.id, offset, length: tile.data.length, runLength: 1 });
  }
  const root = gzip(serializeDirectory(entries));
  if (root.length > rootMax)
    throw new Error(`root directory of ${String(root.length)} bytes: too many tiles for an archive without leaves`);
  const metadata = gzip(Buffer.from(JSON.stringify(options.metadata), 'utf8'));
  const rootOffset = headerBytes;
  const metadataOffset = rootOffset + root.length;
  const dataOffset = metadataOffset + metadata.length;

  const header = Buffer.alloc(headerBytes);
  header.write('PMTiles', 0, 'ascii');
  header.writeUInt8(3, 7);
  const u64 = (at: number, value: number) => header.writeBigUInt64LE(BigInt(value), at);
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  // No leaf directories: an empty section where the tile data starts.
  u64(40, dataOffset);
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, dataLength);
  u64(72, sorted.length);
  u64(80, entries.length);
  u64(88, offsets.size);
  header.writeUInt8(1, 96); // clustered: tile data in tile id order
  header.writeUInt8(Compression.gzip, 97); // directories and metadata
  header.writeUInt8(Compression.none, 98); // PNG tiles are compressed already
  header.writeUInt8(options.tileType, 99);
  header.writeUInt8(options.minZoom, 100);
  header.writeUInt8(options.maxZoom, 101);
  const e7 = (degrees: number) => Math.round(degrees * 1e7);
  header.writeInt32LE(e7(options.bounds.minLon), 102);
  header.writeInt32LE(e7(options.bounds.minLat), 106);
  header.writeInt32LE(e7(options.bounds.maxLon), 110);
  header.writeInt32LE(e7(options.bounds.maxLat), 114);
  header.writeUInt8(options.center.zoom, 118);
  header.writeInt32LE(e7(options.center.lon), 119);
  header.writeInt32LE(e7(options.center.lat), 123);
  return Buffer.concat([header, root, metadata, ...chunks]);
}
