/**
 * A provider's public profile (lazy): photos, description, offers (a fixed price is booked on a slot, a quote is
 * asked with the request form), and the reviews with the provider's answers.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { BookOffer } from './BookOffer.js';
import { Photo } from './Photo.js';
import { KycBadge, Stars } from './ProviderCardItem.js';
import { providerQuery } from './data.js';
import { formatPriceRange } from './format.js';
import './services.css';

const dateOf = (iso: string, language: string): string =>
  new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-CI', { dateStyle: 'long' }).format(new Date(iso));

export function ProviderProfile() {
  const { t, i18n } = useTranslation('services');
  const language = i18n.language;
  const { providerId } = useParams({ from: '/services/providers/$providerId' });
  const profile = useQuery(providerQuery(providerId));
  const [booking, setBooking] = useState<string | null>(null);
  const p = profile.data;
  if (p === undefined)
    return (
      <section aria-labelledby="provider-title" className="screen services">
        <h1 id="provider-title">{t('services:provider.title')}</h1>
        <p>{profile.isError ? t('services:provider.error') : t('app.loading')}</p>
      </section>
    );
  const prices = formatPriceRange(p.priceMinXof, p.priceMaxXof, language);
  return (
    <section aria-labelledby="provider-title" className="screen services">
      <h1 id="provider-title">{p.displayName}</h1>
      <OfflineMark updatedAtMs={profile.dataUpdatedAt} failed={profile.isError} />
      <p>{p.headline}</p>
      <p className="provider-facts">
        {p.kycVerified ? <KycBadge /> : null}
        <Stars average={p.rating.average} count={p.rating.count} />
      </p>
      <p className="muted">{t('services:provider.areas', { communes: p.communes.join(', '), city: p.city })}</p>
      {prices === null ? null : <p className="price">{prices}</p>}
      {p.photos.length === 0 ? null : (
        <ul className="photo-strip" aria-label={t('services:provider.photos')}>
          {p.photos.map((photo) => (
            <li key={photo.id}>
              <Photo photoId={photo.id} size="small" alt={photo.caption ?? t('services:provider.photo')} />
            </li>
          ))}
        </ul>
      )}
      <p className="description">{p.description}</p>
      <Link to="/services/requests/new" search={{ provider: p.id }} className="button">
        {t('services:provider.askQuote')}
      </Link>

      <h2>{t('services:provider.offers')}</h2>
      {p.offers.length === 0 ? (
        <p>{t('services:provider.noOffers')}</p>
      ) : (
        <ul className="offer-list">
          {p.offers.map((offer) => (
            <li key={offer.id} className="card offer">
              <h3>{offer.title}</h3>
              <p className="muted">{t('services:provider.duration', { minutes: offer.durationMinutes })}</p>
              {offer.pricing === 'fixed' && offer.priceXof !== null ? (
                <>
                  <p className="price">{formatFcfa(offer.priceXof, language)}</p>
                  <button
                    type="button"
                    className="button"
                    aria-expanded={booking === offer.id}
                    onClick={() => setBooking(booking === offer.id ? null : offer.id)}
                  >
                    {t('services:provider.book')}
                  </button>
                  {booking === offer.id ? (
                    <BookOffer
                      providerId={p.id}
                      offer={offer}
                      autoReleaseDays={p.autoReleaseDays}
                      timeZone={p.timeZone}
                    />
                  ) : null}
                </>
              ) : (
                <>
                  <p>{t('services:provider.onQuote')}</p>
                  <Link to="/services/requests/new" search={{ provider: p.id }} className="button secondary">
                    {t('services:provider.askQuote')}
                  </Link>
                </>
              )}
            </li>
          ))}
        </ul>
      )}

      <h2>{t('services:provider.reviews', { count: p.rating.count })}</h2>
      {p.reviews.length === 0 ? (
        <p>{t('services:provider.noReviews')}</p>
      ) : (
        <ul className="review-list" data-testid="reviews">
          {p.reviews.map((r) => (
            <li key={r.id} className="card review">
              <p>
                <span className="stars" role="img" aria-label={t('services:review.starsLabel', { stars: r.stars })}>
                  {'★'.repeat(r.stars)}
                  {'☆'.repeat(5 - r.stars)}
                </span>{' '}
                <strong>{r.clientName}</strong> <span className="muted">{dateOf(r.createdAt, language)}</span>
              </p>
              <p>{r.body}</p>
              {r.answer === null ? null : (
                <blockquote className="answer">
                  <p className="muted">{t('services:review.answerBy', { name: p.displayName })}</p>
                  <p>{r.answer}</p>
                </blockquote>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
