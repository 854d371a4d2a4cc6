/**
 * The map under the real estate search (issue 25): raster tiles of Abidjan, zooms 10 to 14, drawn here with no
 * outside data (no internet on site, no OpenStreetMap extract). An honest schematic map, said so in its attribution:
 * each commune of Abidjan (shared `servicePlaces`) is the area nearest its centre, coloured and labelled; the sea south
 * of the coast and the Ébrié lagoon as rough water shapes; a grid every 0.05° (0.01° from zoom 13). Deterministic: the
 * same code and fonts give the same bytes, so the ETag only changes with a new drawing.
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { servicePlaces } from '@ismail/shared';
import { cardPngFont } from '../cards/render/png.js';
import { TileKind, writeArchive, type TileInput } from './tiles-pmtiles.js';

export const tilesBounds = { minLon: -4.15, minLat: 5.2, maxLon: -3.8, maxLat: 5.55 } as const;
export const tilesMinZoom = 10;
export const tilesMaxZoom = 14;
/** Bumped with every change of the drawing: the cached file's name carries it. */
export const tilesVersion = 2;
export const tilesAttribution = 'ISMAIL — carte schématique (communes approximatives, sans données OpenStreetMap)';

const size = 256;
const colours = {
  land: '#f2efe9',
  border: 'rgba(120, 100, 80, 0.45)',
  water: '#a9cbe6',
  waterEdge: '#7fa9cc',
  grid: 'rgba(90, 90, 90, 0.22)',
  gridFine: 'rgba(90, 90, 90, 0.10)',
  label: '#263238',
  halo: 'rgba(255, 255, 255, 0.85)',
} as const;
/** Pastel fills, one per commune in `servicePlaces` order. */
const palette: readonly (readonly number[])[] = [
  [248, 222, 196],
  [222, 235, 200],
  [232, 214, 236],
  [253, 240, 190],
  [208, 230, 226],
  [244, 210, 210],
  [226, 226, 244],
  [236, 228, 204],
  [214, 236, 214],
  [250, 226, 236],
  [220, 224, 206],
  [238, 236, 214],
  [230, 216, 206],
];
/** Beyond this distance from every centre, land is not drawn as any commune. */
const communeReachKm = 7;

const abidjan = servicePlaces
  .filter((p) => p.city === 'Abidjan')
  .map((p, i) => ({
    name: p.commune,
    lat: p.latE6 / 1e6,
    lon: p.lngE6 / 1e6,
    fill: palette[i % palette.length] ?? [230, 230, 230],
  }));

/** Water, in degrees: the sea south of the coast, and ellipses for the lagoon's main arm and bays (schematic). */
const coastLat = 5.246;
const lagoon: readonly { lat: number; lon: number; rLat: number; rLon: number }[] = [
  // The main arm, east–west between Treichville–Koumassi and Port-Bouët.
  { lat: 5.275, lon: -3.98, rLat: 0.008, rLon: 0.3 },
  // The bay between the Plateau and Cocody.
  { lat: 5.322, lon: -3.99, rLat: 0.01, rLon: 0.012 },
  // The Banco bay, between Attécoubé and Yopougon.
  { lat: 5.31, lon: -4.062, rLat: 0.012, rLon: 0.014 },
  // The lagoon towards Bingerville.
  { lat: 5.315, lon: -3.9, rLat: 0.012, rLon: 0.04 },
];

const lonToX = (lon: number, z: number): number => ((lon + 180) / 360) * 2 ** z;
const latToY = (lat: number, z: number): number => {
  const r = (lat * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z;
};
const yToLat = (y: number, z: number): number =>
  (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

/** The tiles covering the bounds at zoom z. */
export function tilesAt(z: number): { x: number; y: number }[] {
  const x0 = Math.floor(lonToX(tilesBounds.minLon, z));
  const x1 = Math.floor(lonToX(tilesBounds.maxLon, z));
  const y0 = Math.floor(latToY(tilesBounds.maxLat, z));
  const y1 = Math.floor(latToY(tilesBounds.minLat, z));
  const out: { x: number; y: number }[] = [];
  for (let x = x0; x <= x1; x += 1) for (let y = y0; y <= y1; y += 1) out.push({ x, y });
  return out;
}

/** Distances are measured in degrees with longitude scaled by cos(latitude): equirectangular, fine at city scale. */
const cosLat = Math.cos((5.35 * Math.PI) / 180);
type Point = readonly [number, number];

/** Keeps the part of a convex polygon where a·p ≤ b (Sutherland–Hodgman against one half-plane). */
function clip(polygon: readonly Point[], a: Point, b: number): Point[] {
  const out: Point[] = [];
  const inside = (p: Point) => a[0] * p[0] + a[1] * p[1] <= b;
  polygon.forEach((p, i) => {
    const q = polygon[(i + 1) % polygon.length] as Point;
    if (inside(p)) out.push(p);
    if (inside(p) !== inside(q)) {
      const t = (b - a[0] * p[0] - a[1] * p[1]) / (a[0] * (q[0] - p[0]) + a[1] * (q[1] - p[1]));
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  });
  return out;
}

/**
 * Each commune's area: the points nearer its centre than any other's (its Voronoi cell), within `communeReachKm` of
 * it; as [lon, lat] polygons. Computed once: every tile draws the same shapes.
 */
const communeAreas: readonly { fill: string; ring: Point[] }[] = abidjan.map((c, i) => {
  const site: Point = [c.lon * cosLat, c.lat];
  const radius = communeReachKm / 111.32;
  let ring: Point[] = Array.from({ length: 96 }, (_, k) => {
    const angle = (k / 96) * 2 * Math.PI;
    return [site[0] + radius * Math.cos(angle), site[1] + radius * Math.sin(angle)] as Point;
  });
  abidjan.forEach((o, j) => {
    if (j === i) return;
    const other: Point = [o.lon * cosLat, o.lat];
    const normal: Point = [other[0] - site[0], other[1] - site[1]];
    ring = clip(ring, normal, (other[0] ** 2 + other[1] ** 2 - site[0] ** 2 - site[1] ** 2) / 2);
  });
  return { fill: `rgb(${c.fill.join(', ')})`, ring: ring.map(([u, v]) => [u / cosLat, v] as Point) };
});

function paintCommunes(ctx: SKRSContext2D, px: (lon: number) => number, py: (lat: number) => number): void {
  ctx.fillStyle = colours.land;
  ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = colours.border;
  ctx.lineWidth = 1;
  for (const area of communeAreas) {
    ctx.beginPath();
    area.ring.forEach(([lon, lat], k) => {
      if (k === 0) ctx.moveTo(px(lon), py(lat));
      else ctx.lineTo(px(lon), py(lat));
    });
    ctx.closePath();
    ctx.fillStyle = area.fill;
    ctx.fill();
    ctx.stroke();
  }
}

function paintTile(z: number, x: number, y: number): Buffer {
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  const px = (lon: number) => (lonToX(lon, z) - x) * size;
  const py = (lat: number) => (latToY(lat, z) - y) * size;
  paintCommunes(ctx, px, py);

  ctx.fillStyle = colours.water;
  ctx.strokeStyle = colours.waterEdge;
  ctx.lineWidth = 1;
  const seaTop = py(coastLat);
  if (seaTop < size) {
    ctx.fillRect(0, Math.max(0, seaTop), size, size - Math.max(0, seaTop));
    ctx.beginPath();
    ctx.moveTo(0, seaTop);
    ctx.lineTo(size, seaTop);
    ctx.stroke();
  }
  for (const w of lagoon) {
    ctx.beginPath();
    for (let i = 0; i <= 72; i += 1) {
      const a = (i / 72) * 2 * Math.PI;
      const X = px(w.lon + w.rLon * Math.cos(a));
      const Y = py(w.lat + w.rLat * Math.sin(a));
      if (i === 0) ctx.moveTo(X, Y);
      else ctx.lineTo(X, Y);
    }
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
  }

  // The grid: whole hundredths of a degree, drawn on exact coordinates so lines meet across tiles.
  const step = z >= 13 ? 0.01 : 0.05;
  const west = (x / 2 ** z) * 360 - 180;
  const east = ((x + 1) / 2 ** z) * 360 - 180;
  const north = yToLat(y, z);
  const south = yToLat(y + 1, z);
  ctx.lineWidth = 1;
  for (let k = Math.ceil(west / step); k * step <= east; k += 1) {
    ctx.strokeStyle = Math.round(k * step * 100) % 5 === 0 ? colours.grid : colours.gridFine;
    const X = Math.round(px(k * step)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(X, 0);
    ctx.lineTo(X, size);
    ctx.stroke();
  }
  for (let k = Math.ceil(south / step); k * step <= north; k += 1) {
    ctx.strokeStyle = Math.round(k * step * 100) % 5 === 0 ? colours.grid : colours.gridFine;
    const Y = Math.round(py(k * step)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(0, Y);
    ctx.lineTo(size, Y);
    ctx.stroke();
  }

  // Labels at each centre, drawn on every tile they reach so that a name cut by a tile edge continues on the next.
  const fontPx = 9 + (z - tilesMinZoom) * 2;
  // DejaVu from the npm package (cards register it): the same labels on a server without system fonts.
  ctx.font = `bold ${String(fontPx)}px "${cardPngFont().family}", sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineJoin = 'round';
  for (const c of abidjan) {
    const X = px(c.lon);
    const Y = py(c.lat);
    if (X < -120 || X > size + 120 || Y < -30 || Y > size + 30) continue;
    ctx.lineWidth = 3;
    ctx.strokeStyle = colours.halo;
    ctx.strokeText(c.name, X, Y);
    ctx.fillStyle = colours.label;
    ctx.fillText(c.name, X, Y);
  }
  return canvas.toBuffer('image/png');
}

/** The whole archive, every tile of every zoom, as PMTiles v3 bytes. */
export function generateAbidjanArchive(): Buffer {
  const tiles: TileInput[] = [];
  for (let z = tilesMinZoom; z <= tilesMaxZoom; z += 1)
    for (const { x, y } of tilesAt(z)) tiles.push({ z, x, y, data: paintTile(z, x, y) });
  return writeArchive(tiles, {
    tileType: TileKind.png,
    minZoom: tilesMinZoom,
    maxZoom: tilesMaxZoom,
    bounds: tilesBounds,
    center: { lon: -4.0083, lat: 5.3364, zoom: 12 },
    metadata: {
      name: 'Abidjan (carte schématique)',
      description: 'Communes d’Abidjan autour de leur centre, lagune et mer schématiques, quadrillage.',
      attribution: tilesAttribution,
      version: String(tilesVersion),
      type: 'baselayer',
      format: 'png',
    },
  });
}
