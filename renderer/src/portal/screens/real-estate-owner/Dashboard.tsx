/**
 * /immobilier/gestion (lazy): an owner's or agent's listings, each with its state, views, contacts and visits and its
 * end ("expire le 12 janv.", warned from seven days before), the totals, and one listing's performance per day.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OfflineMark } from '../OfflineMark.js';
import { dashboardQuery } from './data.js';
import { OwnerNav } from './OwnerNav.js';
import { Performance } from './Performance.js';
import { problemText } from './problem.js';
import { StatusChip } from './StatusChip.js';
import type { DashboardListing } from './types.js';
import { daysLeft, shortDay, warnDays } from './when.js';
import '../../styles/real-estate-owner.css';

function Expiry({ listing }: { listing: DashboardListing }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  if (listing.expiresAt === null || listing.status !== 'published') return null;
  const left = daysLeft(listing.expiresAt);
  const day = shortDay(listing.expiresAt, i18n.language);
  if (left > warnDays) return <p className="muted">{t('real-estate-owner:dashboard.expires', { day })}</p>;
  return (
    <p className="reo-warning">{t('real-estate-owner:dashboard.expiresSoon', { day, days: Math.max(left, 0) })}</p>
  );
}

function Row({ listing }: { listing: DashboardListing }) {
  const { t } = useTranslation('real-estate-owner');
  return (
    <li className="card reo-listing" data-testid={`listing-${listing.id}`}>
      <h2>
        <Link to="/immobilier/gestion/annonces/$listingId" params={{ listingId: listing.id }}>
          {listing.title}
        </Link>
      </h2>
      <StatusChip status={listing.status} />
      <p className="reo-counts">
        {t('real-estate-owner:dashboard.counts', {
          views: listing.views,
          contacts: listing.contacts,
          visits: listing.visits,
        })}
      </p>
      <Expiry listing={listing} />
    </li>
  );
}

export function OwnerDashboard() {
  const { t, i18n } = useTranslation('real-estate-owner');
  const dashboard = useQuery(dashboardQuery);
  const [chosen, setChosen] = useState<string | null>(null);
  const data = dashboard.data;
  const charted = chosen ?? data?.listings[0]?.id ?? null;
  return (
    <section aria-labelledby="reo-dashboard-title" className="screen reo">
      <h1 id="reo-dashboard-title">{t('real-estate-owner:dashboard.title')}</h1>
      <OwnerNav />
      <OfflineMark updatedAtMs={dashboard.dataUpdatedAt} failed={dashboard.isError} />
      <p className="reo-actions">
        <Link to="/immobilier/gestion/annonces/nouvelle" className="button">
          {t('real-estate-owner:dashboard.add')}
        </Link>
      </p>
      {data === undefined ? (
        <p>{dashboard.isError ? problemText(t, dashboard.error, i18n.language) : t('app.loading')}</p>
      ) : (
        <>
          <dl className="reo-totals card" data-testid="totals">
            {(['published', 'views', 'contacts', 'visits'] as const).map((k) => (
              <div key={k}>
                <dt>{t(`real-estate-owner:dashboard.total.${k}`)}</dt>
                <dd>{data.totals[k]}</dd>
              </div>
            ))}
          </dl>
          {data.listings.length === 0 ? (
            <p>{t('real-estate-owner:dashboard.empty')}</p>
          ) : (
            <>
              <ul className="reo-list" data-testid="listings">
                {data.listings.map((l) => (
                  <Row key={l.id} listing={l} />
                ))}
              </ul>
              <h2>{t('real-estate-owner:dashboard.performance')}</h2>
              <label htmlFor="reo-chart-listing">{t('real-estate-owner:dashboard.chartListing')}</label>
              <select id="reo-chart-listing" value={charted ?? ''} onChange={(e) => setChosen(e.target.value)}>
                {data.listings.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.title}
                  </option>
                ))}
              </select>
              {charted === null ? null : <Performance listingId={charted} />}
            </>
          )}
        </>
      )}
    </section>
  );
}
