/**
 * A listing's place on a small map (lazy, with Leaflet): a point when the position is exact, a 500 m circle around
 * the public (fuzzed) point otherwise. Nothing in it can be focused: the text beside it says the same for readers.
 */
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { archiveLayer } from './tiles.js';

/** The radius the cloud fuzzes a public position within (shared/src/services/places.ts publicFuzzMetres). */
const fuzzMetres = 500;

interface Props {
  readonly latE6: number;
  readonly lngE6: number;
  readonly exact: boolean;
  readonly attribution: string;
}

export function PositionMap({ latE6, lngE6, exact, attribution }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (box.current === null) return;
    const centre: L.LatLngTuple = [latE6 / 1e6, lngE6 / 1e6];
    const map = L.map(box.current, {
      center: centre,
      zoom: exact ? 16 : 14,
      zoomControl: false,
      keyboard: false,
      scrollWheelZoom: false,
    });
    map.attributionControl.setPrefix(false);
    archiveLayer(attribution).addTo(map);
    if (exact) L.circleMarker(centre, { radius: 8, className: 're-point', interactive: false }).addTo(map);
    else L.circle(centre, { radius: fuzzMetres, className: 're-area', interactive: false }).addTo(map);
    return () => {
      map.remove();
    };
  }, [latE6, lngE6, exact, attribution]);
  return <div ref={box} className="re-map re-map-small" aria-hidden="true" data-testid="position-map" />;
}

export default PositionMap;
