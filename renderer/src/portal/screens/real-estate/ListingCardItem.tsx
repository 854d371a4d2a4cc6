/**
 * One listing in the results: photo, title (the link to the listing), price, facts and place, and a button that
 * shows it on the map. Chosen from the map, the card is highlighted and scrolled into view.
 */
import { Link } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Photo } from './Photo.js';
import { formatFacts, formatPrice, formatWhere } from './format.js';
import type { ListingCard } from './types.js';

interface Props {
  readonly listing: ListingCard;
  readonly selected: boolean;
  readonly onSelect: (listingId: string) => void;
}

export function ListingCardItem({ listing, selected, onSelect }: Props) {
  const { t, i18n } = useTranslation('real-estate');
  const item = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (selected) item.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  return (
    <li
      ref={item}
      className={selected ? 'card re-card re-card-selected' : 'card re-card'}
      data-testid="listing-card"
      data-listing-id={listing.id}
    >
      {listing.photoId === null ? (
        <span className="re-photo-placeholder" aria-hidden="true" />
      ) : (
        <Photo photoId={listing.photoId} size="small" alt="" />
      )}
      <div className="re-card-text">
        <Link to="/immobilier/annonces/$listingId" params={{ listingId: listing.id }} className="re-card-title">
          {listing.title}
        </Link>
        <span className="re-price">{formatPrice(t, listing, i18n.language)}</span>
        <span>{formatFacts(t, listing)}</span>
        <span className="muted">{formatWhere(t, listing)}</span>
        <button
          type="button"
          className="link-button"
          aria-pressed={selected}
          onClick={() => onSelect(listing.id)}
          aria-label={t('real-estate:search.showOnMapNamed', { title: listing.title })}
        >
          {t('real-estate:search.showOnMap')}
        </button>
      </div>
    </li>
  );
}
