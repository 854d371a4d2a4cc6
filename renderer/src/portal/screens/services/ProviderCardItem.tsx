/** One provider in the search results: name, headline, KYC badge, stars, distance, prices and response time. */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Photo } from './Photo.js';
import { formatDistance, formatPriceRange, formatRating } from './format.js';
import type { ProviderCard } from './types.js';

export function Stars({ average, count }: { average: number | null; count: number }) {
  const { t, i18n } = useTranslation('services');
  return (
    <span className="stars">
      {average === null || count === 0
        ? t('services:rating.none')
        : t('services:rating.value', { average: formatRating(average, i18n.language), count })}
    </span>
  );
}

export function KycBadge() {
  const { t } = useTranslation('services');
  return <span className="kyc-badge">{t('services:kyc.verified')}</span>;
}

export function ProviderCardItem({ provider }: { provider: ProviderCard }) {
  const { t, i18n } = useTranslation('services');
  const language = i18n.language;
  const prices = formatPriceRange(provider.priceMinXof, provider.priceMaxXof, language);
  return (
    <li className="card provider-card" data-testid="provider-card">
      {provider.photoId === null ? null : <Photo photoId={provider.photoId} size="small" alt="" />}
      <div className="provider-text">
        <Link to="/services/providers/$providerId" params={{ providerId: provider.id }} className="provider-name">
          {provider.displayName}
        </Link>
        <span>{provider.headline}</span>
        <span className="provider-facts">
          {provider.kycVerified ? <KycBadge /> : null}
          <Stars average={provider.rating.average} count={provider.rating.count} />
        </span>
        {provider.distanceMetres === null ? (
          <span className="muted">{provider.communes.join(', ')}</span>
        ) : (
          <span className="muted">
            {t('services:card.distance', { distance: formatDistance(provider.distanceMetres, language) })}
          </span>
        )}
        {prices === null ? null : <span className="price">{prices}</span>}
        {provider.responseMinutes === null ? null : (
          <span className="muted">
            {provider.responseMinutes < 60
              ? t('services:card.respondsMinutes', { minutes: provider.responseMinutes })
              : t('services:card.respondsHours', { hours: Math.round(provider.responseMinutes / 60) })}
          </span>
        )}
      </div>
    </li>
  );
}
