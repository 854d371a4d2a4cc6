/** How the real estate screens write a price, an area and a listing's short facts, in both languages. */
import type { TFunction } from 'i18next';
import { formatFcfa } from '../../../common/format.js';
import type { ListingCard } from './types.js';

/** "250 000 FCFA / mois" for a rental, "45 000 000 FCFA" for a sale. */
export const formatPrice = (t: TFunction, listing: Pick<ListingCard, 'deal' | 'priceXof'>, language: string): string =>
  listing.deal === 'rent'
    ? t('real-estate:price.perMonth', { amount: formatFcfa(listing.priceXof, language) })
    : formatFcfa(listing.priceXof, language);

/** "85 m² · 3 pièces · Meublé". */
export function formatFacts(t: TFunction, listing: ListingCard): string {
  return [
    t('real-estate:facts.area', { area: listing.areaM2 }),
    listing.rooms > 0 ? t('real-estate:facts.rooms', { count: listing.rooms }) : null,
    listing.furnished ? t('real-estate:facts.furnished') : null,
  ]
    .filter((fact) => fact !== null)
    .join(' · ');
}

/** "Appartement · Cocody, Riviera 3". */
export const formatWhere = (t: TFunction, listing: ListingCard): string =>
  `${t(`real-estate:kinds.${listing.kind}`)} · ${listing.neighbourhood === '' ? listing.commune : `${listing.commune}, ${listing.neighbourhood}`}`;

const locale = (language: string): string => (language === 'en' ? 'en-GB' : 'fr-CI');

/** A calendar day "YYYY-MM-DD" as "13 décembre 2026". */
export const formatDay = (day: string, language: string): string =>
  new Intl.DateTimeFormat(locale(language), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

/** A rent period "YYYY-MM" as "décembre 2026". */
export const formatPeriod = (period: string, language: string): string =>
  new Intl.DateTimeFormat(locale(language), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${period}-01T00:00:00Z`),
  );
