/**
 * A tracker's track on a map (lazy, with Leaflet, in its own chunk): the positions as one line, the first as a small
 * circle and the last as a larger one. The background is the portal's own tile archive (no tile server, no internet:
 * the line and markers draw even when no tile does). Every position is a vertex (no smoothing: at most 2,000 from the
 * cloud), so the line is the route as reported. Hidden from screen readers: the table beside it says the same.
 */
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { abidjanCentre, archiveLayer } from '../real-estate/tiles.js';
import type { TrackPoint } from './data.js';

/** A transparent 1x1 GIF. */
const blankTile = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

interface Props {
  readonly points: readonly TrackPoint[];
  readonly attribution: string;
}

export function TrackMap({ points, attribution }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (box.current === null) return;
    // Nothing in it can be focused (it is hidden from readers): no zoom buttons, no keyboard handling.
    const map = L.map(box.current, {
      center: abidjanCentre,
      zoom: 12,
      zoomControl: false,
      keyboard: false,
      scrollWheelZoom: false,
    });
    map.attributionControl.setPrefix(false);
    const tiles = archiveLayer(attribution);
    // A tile the archive does not hold (outside its area, or no archive at all) is an empty image: it gets a blank
    // one instead of no address, so the page never holds a broken image.
    const blank = (event: L.TileEvent) => {
      if (!event.tile.getAttribute('src')) event.tile.src = blankTile;
    };
    tiles.on('tileload', blank).on('tileerror', blank);
    const line: L.LatLngTuple[] = points.map((p) => [p.lat, p.lon]);
    const first = line[0];
    const last = line[line.length - 1];
    if (first !== undefined && last !== undefined) {
      L.polyline(line, { className: 'track-line', interactive: false, weight: 4, smoothFactor: 0 }).addTo(map);
      L.circleMarker(first, { radius: 5, className: 'track-start', interactive: false }).addTo(map);
      L.circleMarker(last, { radius: 9, className: 'track-end', interactive: false }).addTo(map);
      if (line.length > 1) map.fitBounds(L.latLngBounds(line), { padding: [24, 24], maxZoom: 16 });
      else map.setView(last, 15);
    }
    // Tiles once the view is set: over 3G, the tiles of a view about to be left would hold up the ones that stay.
    tiles.addTo(map);
    return () => {
      map.remove();
    };
  }, [points, attribution]);
  return <div ref={box} className="track-map" aria-hidden="true" data-testid="track-map" />;
}

export default TrackMap;
