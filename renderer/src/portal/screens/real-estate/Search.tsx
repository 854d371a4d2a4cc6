/**
 * Real estate search (lazy): filters in the address, results as a list and a map in step (the map's Leaflet chunk
 * loads with this screen only), "Rechercher dans cette zone" to search the map's area, "Voir plus" following the
 * cloud's cursor, and saved searches with alerts. The list is the primary path; the map is its complement.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RealEstateSearchParams } from '../../routes/real-estate.js';
import { OfflineMark } from '../OfflineMark.js';
import { ListingCardItem } from './ListingCardItem.js';
import type { MapWords } from './ListingsMap.js';
import { SavedSearchList, SaveSearch } from './SavedSearches.js';
import { SearchForm } from './SearchForm.js';
import { searchPage } from './data.js';
import '../../styles/real-estate.css';

const ListingsMap = lazy(() => import('./ListingsMap.js'));

/** The same filters over the whole city. */
const withoutArea = (search: RealEstateSearchParams): RealEstateSearchParams =>
  Object.fromEntries(Object.entries(search).filter(([key]) => key !== 'bbox'));

export function RealEstateSearch() {
  const { t, i18n } = useTranslation('real-estate');
  const search = useSearch({ from: '/immobilier' });
  const navigate = useNavigate();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const bounds = useRef<string | null>(null);
  const results = useInfiniteQuery({
    queryKey: ['real-estate', 'search', search],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => searchPage(search, pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const listings = useMemo(() => results.data?.pages.flatMap((page) => page.listings) ?? [], [results.data]);
  const words = useMemo<MapWords>(
    () => ({
      label: t('real-estate:map.label'),
      zoomIn: t('real-estate:map.zoomIn'),
      zoomOut: t('real-estate:map.zoomOut'),
      attribution: t('real-estate:map.attribution'),
      marker: (listing, price) => t('real-estate:map.marker', { title: listing.title, price }),
    }),
    [t],
  );
  const go = (next: RealEstateSearchParams): void => {
    setSelectedId(null);
    void navigate({ to: '/immobilier', search: next });
  };

  return (
    <section aria-labelledby="re-title" className="screen real-estate">
      <h1 id="re-title">{t('real-estate:search.title')}</h1>
      <p className="re-links">
        <Link to="/immobilier/visites">{t('real-estate:visits.title')}</Link>
        <Link to="/immobilier/baux">{t('real-estate:leases.title')}</Link>
      </p>
      <SearchForm key={JSON.stringify(search)} search={search} onSearch={go} />
      <SaveSearch search={search} />
      <OfflineMark updatedAtMs={results.dataUpdatedAt} failed={results.isError} />
      <div className="re-results">
        <div className="re-map-column">
          <Suspense fallback={<div className="re-map re-map-loading" aria-hidden="true" />}>
            <ListingsMap
              listings={listings}
              selectedId={selectedId}
              onSelect={setSelectedId}
              onBounds={(bbox) => {
                bounds.current = bbox;
              }}
              area={search.bbox}
              language={i18n.language}
              words={words}
            />
          </Suspense>
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              if (bounds.current !== null) go({ ...search, bbox: bounds.current });
            }}
          >
            {t('real-estate:map.searchHere')}
          </button>
          {search.bbox === undefined ? null : (
            <button type="button" className="link-button" onClick={() => go(withoutArea(search))}>
              {t('real-estate:map.wholeCity')}
            </button>
          )}
        </div>
        <div className="re-list-column">
          {results.data === undefined ? (
            <p>{results.isError ? t('real-estate:search.error') : t('app.loading')}</p>
          ) : listings.length === 0 ? (
            <p>{t('real-estate:search.empty')}</p>
          ) : (
            <>
              <p role="status">{t('real-estate:search.count', { count: listings.length })}</p>
              <ul className="re-list" data-testid="listings" aria-label={t('real-estate:search.results')}>
                {listings.map((l) => (
                  <ListingCardItem key={l.id} listing={l} selected={l.id === selectedId} onSelect={setSelectedId} />
                ))}
              </ul>
            </>
          )}
          {results.hasNextPage ? (
            <button
              type="button"
              className="button secondary"
              disabled={results.isFetchingNextPage}
              onClick={() => void results.fetchNextPage()}
            >
              {t('real-estate:search.more')}
            </button>
          ) : null}
        </div>
      </div>
      <SavedSearchList />
    </section>
  );
}
