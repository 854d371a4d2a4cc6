/**
 * The search's map (lazy, with Leaflet): one marker per listing on the page, each a button reading its price, in
 * step with the list (a marker chosen highlights its card and the other way round). The list stays the primary,
 * screen-reader path; the map is a labelled complement. Leaflet owns the map's DOM: React only gives it a box.
 */
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { formatFcfa } from '../../../common/format.js';
import { abidjanCentre, archiveLayer } from './tiles.js';
import type { ListingCard } from './types.js';

export interface MapWords {
  readonly label: string;
  readonly zoomIn: string;
  readonly zoomOut: string;
  readonly attribution: string;
  /** A marker's accessible name: "Appartement 3 pièces, 250 000 FCFA". */
  readonly marker: (listing: ListingCard, price: string) => string;
}

interface Props {
  readonly listings: readonly ListingCard[];
  readonly selectedId: string | null;
  readonly onSelect: (listingId: string) => void;
  /** The map's view as the search's bbox (minLngE6,minLatE6,maxLngE6,maxLatE6), after each move. */
  readonly onBounds: (bbox: string) => void;
  /** The search's box, when it has one: the map opens on it (a reload, a saved search) and stays there. */
  readonly area: string | undefined;
  readonly language: string;
  readonly words: MapWords;
}

const e6 = (degrees: number): number => Math.round(degrees * 1_000_000);
const bboxOf = (bounds: L.LatLngBounds): string =>
  [e6(bounds.getWest()), e6(bounds.getSouth()), e6(bounds.getEast()), e6(bounds.getNorth())].join(',');

export function ListingsMap({ listings, selectedId, onSelect, onBounds, area, language, words }: Props) {
  const fitResults = area === undefined;
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const markers = useRef(new Map<string, L.Marker>());
  // The latest callbacks, read by Leaflet's listeners registered once.
  const latest = useRef({ onSelect, onBounds });
  latest.current = { onSelect, onBounds };

  useEffect(() => {
    if (box.current === null) return;
    const created = L.map(box.current, { zoomControl: false, center: abidjanCentre, zoom: 12 });
    L.control.zoom({ zoomInTitle: words.zoomIn, zoomOutTitle: words.zoomOut }).addTo(created);
    created.attributionControl.setPrefix(false);
    archiveLayer(words.attribution).addTo(created);
    created.on('moveend', () => latest.current.onBounds(bboxOf(created.getBounds())));
    const edges = area?.split(',').map((n) => Number(n) / 1e6);
    if (edges?.length === 4)
      created.fitBounds(
        [
          [edges[1] ?? 0, edges[0] ?? 0],
          [edges[3] ?? 0, edges[2] ?? 0],
        ],
        { animate: false },
      );
    map.current = created;
    const kept = markers.current;
    return () => {
      created.remove();
      map.current = null;
      kept.clear();
    };
    // Made once: the words are the language's, and a language change remounts the screen.
  }, []);

  useEffect(() => {
    const current = map.current;
    if (current === null) return;
    for (const marker of markers.current.values()) marker.remove();
    markers.current.clear();
    for (const listing of listings) {
      const price = formatFcfa(listing.priceXof, language);
      const marker = L.marker([listing.latE6 / 1e6, listing.lngE6 / 1e6], {
        icon: L.divIcon({ className: 're-marker', html: '', iconSize: [112, 28], iconAnchor: [56, 34] }),
        keyboard: true,
        riseOnHover: true,
      }).addTo(current);
      const element = marker.getElement();
      if (element !== undefined) {
        element.textContent = price;
        element.setAttribute('aria-label', words.marker(listing, price));
        element.dataset.listingId = listing.id;
        element.addEventListener('keydown', (event) => {
          if (event.key !== 'Enter' && event.key !== ' ') return;
          event.preventDefault();
          latest.current.onSelect(listing.id);
        });
      }
      marker.on('click', () => latest.current.onSelect(listing.id));
      markers.current.set(listing.id, marker);
    }
    if (fitResults && listings.length > 0) {
      const bounds = L.latLngBounds(listings.map((l) => [l.latE6 / 1e6, l.lngE6 / 1e6] as L.LatLngTuple));
      current.fitBounds(bounds.pad(0.2), { maxZoom: 15, animate: false });
    }
  }, [listings, fitResults, language, words]);

  useEffect(() => {
    for (const [listingId, marker] of markers.current) {
      const chosen = listingId === selectedId;
      marker.getElement()?.classList.toggle('re-marker-selected', chosen);
      marker.getElement()?.setAttribute('aria-pressed', String(chosen));
      marker.setZIndexOffset(chosen ? 1000 : 0);
      if (chosen && map.current !== null && !map.current.getBounds().contains(marker.getLatLng()))
        map.current.panTo(marker.getLatLng());
    }
  }, [selectedId, listings]);

  return (
    <div role="region" aria-label={words.label} className="re-map-region">
      <div ref={box} className="re-map" data-testid="listings-map" />
    </div>
  );
}

export default ListingsMap;
