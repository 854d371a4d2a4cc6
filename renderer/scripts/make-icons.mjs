#!/usr/bin/env node
// Draws the portal's app icons (renderer/portal/public/icons/*.png) without any image library:
// a blue square (the favicon's) with a white "I" and a ring, the same at every size, the maskable one with the
// mark inside the safe zone. Run once when the mark changes; the PNGs are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'portal', 'public', 'icons');
const brand = [11, 92, 173];
const white = [255, 255, 255];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** `scale` shrinks the mark (a maskable icon keeps it within the central 80%). */
function icon(size, scale) {
  const rows = [];
  const centre = size / 2;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const dx = (x + 0.5 - centre) / (size * scale);
      const dy = (y + 0.5 - centre) / (size * scale);
      const radius = Math.hypot(dx, dy);
      const ring = radius > 0.36 && radius < 0.42;
      const bar = Math.abs(dx) < 0.06 && Math.abs(dy) < 0.22;
      const colour = ring || bar ? white : brand;
      row.set(colour, 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'icon-192.png'), icon(192, 1));
writeFileSync(path.join(out, 'icon-512.png'), icon(512, 1));
writeFileSync(path.join(out, 'icon-maskable-512.png'), icon(512, 0.8));
process.stdout.write(`icons written to ${out}\n`);
