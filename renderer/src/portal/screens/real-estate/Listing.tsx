/**
 * A listing (lazy): photos, price "250 000 FCFA / mois", charges, area, rooms, commune, description, its place on a
 * small map (a circle when the position is fuzzed), the agent's number on request, the visit request and the report
 * form. Every listing carries the warning never to pay to visit (the Lagos "registration fee" bait).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { Photo } from './Photo.js';
import { Refusal } from './Refusal.js';
import { ReportListing } from './ReportListing.js';
import { VisitRequest } from './VisitRequest.js';
import { listingQuery, revealContact } from './data.js';
import { formatPrice } from './format.js';
import type { ListingDetail } from './types.js';
import '../../styles/real-estate.css';

const PositionMap = lazy(() => import('./PositionMap.js'));

function Facts({ listing }: { listing: ListingDetail }) {
  const { t, i18n } = useTranslation('real-estate');
  const rows: [string, string][] = [
    [t('real-estate:listing.kind'), t(`real-estate:kinds.${listing.kind}`)],
    [t('real-estate:listing.area'), t('real-estate:facts.area', { area: listing.areaM2 })],
    ...(listing.rooms === 0 ? [] : [[t('real-estate:listing.rooms'), String(listing.rooms)] as [string, string]]),
    ...(listing.bedrooms === 0
      ? []
      : [[t('real-estate:listing.bedrooms'), String(listing.bedrooms)] as [string, string]]),
    ...(listing.bathrooms === 0
      ? []
      : [[t('real-estate:listing.bathrooms'), String(listing.bathrooms)] as [string, string]]),
    [
      t('real-estate:listing.furnished'),
      listing.furnished ? t('real-estate:listing.yes') : t('real-estate:listing.no'),
    ],
    [
      t('real-estate:listing.commune'),
      listing.neighbourhood === '' ? listing.commune : `${listing.commune}, ${listing.neighbourhood}`,
    ],
  ];
  if (listing.deal === 'rent') {
    rows.push([t('real-estate:listing.charges'), formatFcfa(listing.chargesXof, i18n.language)]);
    rows.push([t('real-estate:listing.deposit'), t('real-estate:listing.months', { count: listing.depositMonths })]);
    rows.push([t('real-estate:listing.advance'), t('real-estate:listing.months', { count: listing.advanceMonths })]);
  }
  return (
    <dl className="re-facts">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Contact({ listingId }: { listingId: string }) {
  const { t } = useTranslation('real-estate');
  const reveal = useMutation({ mutationFn: () => revealContact(listingId) });
  if (reveal.data !== undefined)
    return (
      <p className="re-phone">
        {t('real-estate:listing.phone')} <a href={`tel:${reveal.data.phone}`}>{reveal.data.phone}</a>
      </p>
    );
  return (
    <>
      <button type="button" className="button secondary" disabled={reveal.isPending} onClick={() => reveal.mutate()}>
        {t('real-estate:listing.showPhone')}
      </button>
      <Refusal error={reveal.error} />
    </>
  );
}

export function Listing() {
  const { t, i18n } = useTranslation('real-estate');
  const { listingId } = useParams({ from: '/immobilier/annonces/$listingId' });
  const listing = useQuery(listingQuery(listingId));
  const data = listing.data;
  return (
    <section aria-labelledby="re-listing-title" className="screen real-estate">
      <p>
        <Link to="/immobilier">{t('real-estate:listing.back')}</Link>
      </p>
      {data === undefined ? (
        <>
          <h1 id="re-listing-title">{t('real-estate:listing.title')}</h1>
          {listing.isError ? <Refusal error={listing.error} /> : <p>{t('app.loading')}</p>}
        </>
      ) : (
        <>
          <h1 id="re-listing-title">{data.title}</h1>
          <p className="re-price re-price-big" data-testid="listing-price">
            {formatPrice(t, data, i18n.language)}
          </p>
          <p className="notice re-notice" role="note">
            {t('real-estate:listing.noFee')}
          </p>
          {data.photos.length === 0 ? null : (
            <ul className="re-photos" aria-label={t('real-estate:listing.photos')}>
              {data.photos.map((p, index) => (
                <li key={p.id}>
                  <Photo
                    photoId={p.id}
                    size="large"
                    alt={t('real-estate:listing.photo', { n: index + 1, title: data.title })}
                  />
                </li>
              ))}
            </ul>
          )}
          <Facts listing={data} />
          {data.description === '' ? null : <p className="re-description">{data.description}</p>}
          {data.videoUrl === null ? null : (
            <p>
              <a href={data.videoUrl} rel="noopener noreferrer" target="_blank">
                {t('real-estate:listing.video')}
              </a>
            </p>
          )}
          <h2>{t('real-estate:listing.where')}</h2>
          <p className="muted">
            {data.exactPosition ? t('real-estate:listing.exact') : t('real-estate:listing.approximate')}
          </p>
          <Suspense fallback={<div className="re-map re-map-small re-map-loading" aria-hidden="true" />}>
            <PositionMap
              latE6={data.latE6}
              lngE6={data.lngE6}
              exact={data.exactPosition}
              attribution={t('real-estate:map.attribution')}
            />
          </Suspense>
          <p>{t('real-estate:listing.agent', { name: data.agentName })}</p>
          <div className="re-actions">
            <Contact listingId={data.id} />
          </div>
          <VisitRequest listingId={data.id} />
          <ReportListing listingId={data.id} />
        </>
      )}
    </section>
  );
}
