/**
 * The map's background for the real estate screens: raster tiles read from one PMTiles archive the cloud serves
 * (HTTP Range requests, no tile server, no internet). pmtiles' own leafletRasterLayer cannot be used here: it needs a
 * global `L` and shows each tile as a blob: address, which the portal's policy (img-src 'self' data:) refuses; this
 * layer does the same reads and shows each tile as a data: address. Leaflet's stylesheet is bundled with this chunk.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { PMTiles } from 'pmtiles';

export const tilesArchiveUrl = '/v1/real-estate/tiles/abidjan.pmtiles';

/** One archive reader per page: its header and directories are read once, whichever map asks. */
let archive: PMTiles | undefined;
const tilesArchive = (): PMTiles => (archive ??= new PMTiles(tilesArchiveUrl));

/** PMTiles tile types 2–5 (PNG, JPEG, WebP, AVIF); vector tiles cannot be drawn by this layer. */
const mimeTypes: Readonly<Record<number, string>> = {
  2: 'image/png',
  3: 'image/jpeg',
  4: 'image/webp',
  5: 'image/avif',
};

function base64(bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes);
  let text = '';
  // In slices: String.fromCharCode over a whole 30 KB tile at once can overflow the call stack on old phones.
  for (let i = 0; i < view.length; i += 8192) text += String.fromCharCode(...view.subarray(i, i + 8192));
  return btoa(text);
}

/** Abidjan's centre and the zoom that shows its communes on a phone, when there is nothing to fit the map to. */
export const abidjanCentre: L.LatLngTuple = [5.345, -4.01];

/** A Leaflet layer drawing the archive's raster tiles; zooms past the archive's deepest level are scaled up. */
export function archiveLayer(attribution: string): L.GridLayer {
  const source = tilesArchive();
  const Layer = L.GridLayer.extend({
    createTile(coords: L.Coords, done: L.DoneCallback): HTMLElement {
      const img = document.createElement('img');
      img.alt = '';
      img.setAttribute('role', 'presentation');
      Promise.all([source.getHeader(), source.getZxy(coords.z, coords.x, coords.y)]).then(
        ([header, tile]) => {
          const mime = mimeTypes[header.tileType];
          if (tile === undefined || mime === undefined) {
            img.style.visibility = 'hidden';
            done(undefined, img);
            return;
          }
          img.onload = () => done(undefined, img);
          img.onerror = () => done(new Error('tile unreadable'), img);
          img.src = `data:${mime};base64,${base64(tile.data)}`;
        },
        (error: unknown) => done(error instanceof Error ? error : new Error('tile unreadable'), img),
      );
      return img;
    },
  }) as unknown as new (options: L.GridLayerOptions) => L.GridLayer;
  const layer = new Layer({ attribution, tileSize: 256, maxNativeZoom: 16, minZoom: 9, maxZoom: 18 });
  // The archive says which zooms it holds: deeper zooms scale its last level up instead of showing nothing.
  void source.getHeader().then(
    (header) => {
      const options = layer.options as L.GridLayerOptions;
      options.maxNativeZoom = header.maxZoom;
      options.minNativeZoom = header.minZoom;
      layer.redraw();
    },
    () => undefined,
  );
  return layer;
}
