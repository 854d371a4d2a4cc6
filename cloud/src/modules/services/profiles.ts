/**
 * Reading providers: the card shown in search results, the public profile (offers, portfolio, reviews, scheduling
 * rules) and the provider's own profile with its private fields. Public shapes read only the fuzzed public position
 * (`public_lat_e6/lng_e6`), never the exact one; only `myProfile` returns it, to its owner.
 */
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import type { MyProfile, ProviderCard, ProviderProfile } from './discovery-schemas.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** The public profile lists at most this many reviews (newest first); the portal pages no further for now. */
export const profileReviewsMax = 20;

/** Columns of a card, over `service_providers p JOIN accounts a ON a.id = p.account_id`. */
export const cardColumns = `p.account_id AS id, p.display_name, p.headline, p.categories, p.communes, p.city,
  p.public_lat_e6, p.public_lng_e6, p.price_min_xof, p.price_max_xof, p.rating_sum, p.rating_count,
  p.response_minutes, (a.ismail_id IS NOT NULL) AS kyc_verified,
  (SELECT ph.id FROM service_photos ph WHERE ph.owner_id = p.account_id AND ph.kind = 'portfolio'
    ORDER BY ph.created_at, ph.id LIMIT 1) AS photo_id,
  EXISTS (SELECT 1 FROM service_offers o WHERE o.provider_id = p.account_id AND o.active AND o.pricing = 'fixed')
    AS has_fixed_offers`;

export interface CardRow {
  id: string;
  display_name: string;
  headline: string;
  categories: string[];
  communes: string[];
  city: string;
  public_lat_e6: number | null;
  public_lng_e6: number | null;
  price_min_xof: string | number | null;
  price_max_xof: string | number | null;
  rating_sum: number;
  rating_count: number;
  response_minutes: number | null;
  kyc_verified: boolean;
  photo_id: string | null;
  has_fixed_offers: boolean;
}

const numberOrNull = (v: string | number | null): number | null => (v === null ? null : Number(v));

/** The rating's mean with one decimal (4.666… → 4.7), or null before the first review. */
export const ratingAverage = (sum: number, count: number): number | null =>
  count === 0 ? null : Math.round((sum * 10) / count) / 10;

export function toCard(row: CardRow, distanceMetres: number | null = null): ProviderCard {
  return {
    id: row.id,
    displayName: row.display_name,
    headline: row.headline,
    categories: row.categories,
    communes: row.communes,
    city: row.city,
    publicPosition:
      row.public_lat_e6 === null || row.public_lng_e6 === null
        ? null
        : { latE6: row.public_lat_e6, lngE6: row.public_lng_e6 },
    distanceMetres,
    priceMinXof: numberOrNull(row.price_min_xof),
    priceMaxXof: numberOrNull(row.price_max_xof),
    rating: { average: ratingAverage(row.rating_sum, row.rating_count), count: row.rating_count },
    kycVerified: row.kyc_verified,
    responseMinutes: row.response_minutes,
    photoId: row.photo_id,
    hasFixedOffers: row.has_fixed_offers,
  };
}

interface SettingsRow {
  description: string;
  auto_release_days: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  min_notice_minutes: number;
  horizon_days: number;
  time_zone: string;
  slot_step_minutes: number;
  active: boolean;
  lat_e6: number | null;
  lng_e6: number | null;
}

/** "Awa K." from first and last names; the display name's first word when the account has none. */
export function clientNameOf(first: string | null, last: string | null, displayName: string): string {
  const given = (first ?? '').trim() || displayName.trim().split(/\s+/)[0] || 'Client';
  const initial = (last ?? '').trim().charAt(0).toUpperCase();
  return initial === '' ? given : `${given} ${initial}.`;
}

async function profileOf(q: Queryable, providerId: string, onlyActive: boolean) {
  const { rows } = await q.query<CardRow & SettingsRow>(
    `SELECT ${cardColumns}, p.description, p.auto_release_days, p.buffer_before_minutes, p.buffer_after_minutes,
       p.min_notice_minutes, p.horizon_days, p.time_zone, p.slot_step_minutes, p.active, p.lat_e6, p.lng_e6
     FROM service_providers p JOIN accounts a ON a.id = p.account_id
     WHERE p.account_id = $1 ${onlyActive ? 'AND p.active' : ''}`,
    [providerId],
  );
  const row = rows[0];
  if (row === undefined) throw new AppError('NOT_FOUND', 'Ce prestataire n’existe pas ou ne reçoit plus de demandes.');
  const offers = await q.query<{
    id: string;
    category: string;
    title: string;
    pricing: 'fixed' | 'quote';
    price_xof: string | null;
    duration_minutes: number;
  }>(
    `SELECT id, category, title, pricing, price_xof, duration_minutes FROM service_offers
     WHERE provider_id = $1 AND active ORDER BY created_at, id`,
    [providerId],
  );
  const photos = await q.query<{ id: string; caption: string }>(
    `SELECT id, caption FROM service_photos WHERE owner_id = $1 AND kind = 'portfolio' ORDER BY created_at, id`,
    [providerId],
  );
  const reviews = await q.query<{
    id: string;
    stars: number;
    body: string;
    first_name: string | null;
    last_name: string | null;
    display_name: string;
    created_at: Date;
    answer: string | null;
    answered_at: Date | null;
  }>(
    `SELECT r.id, r.stars, r.body, c.first_name, c.last_name, c.display_name, r.created_at, r.answer, r.answered_at
     FROM service_reviews r JOIN accounts c ON c.id = r.client_id
     WHERE r.provider_id = $1 AND NOT r.hidden ORDER BY r.created_at DESC, r.id LIMIT $2`,
    [providerId, profileReviewsMax],
  );
  const profile: ProviderProfile = {
    ...toCard(row),
    description: row.description,
    offers: offers.rows.map((o) => ({
      id: o.id,
      category: o.category,
      title: o.title,
      pricing: o.pricing,
      priceXof: numberOrNull(o.price_xof),
      durationMinutes: o.duration_minutes,
    })),
    photos: photos.rows,
    reviews: reviews.rows.map((r) => ({
      id: r.id,
      stars: r.stars,
      body: r.body,
      clientName: clientNameOf(r.first_name, r.last_name, r.display_name),
      createdAt: new Date(r.created_at).toISOString(),
      answer: r.answer,
      answeredAt: r.answered_at === null ? null : new Date(r.answered_at).toISOString(),
    })),
    autoReleaseDays: row.auto_release_days,
    bufferBeforeMinutes: row.buffer_before_minutes,
    bufferAfterMinutes: row.buffer_after_minutes,
    minNoticeMinutes: row.min_notice_minutes,
    horizonDays: row.horizon_days,
    timeZone: row.time_zone,
  };
  return { profile, row };
}

/** An active provider's public profile; an unknown or inactive one is not found. */
export async function publicProfile(q: Queryable, providerId: string): Promise<ProviderProfile> {
  return (await profileOf(q, providerId, true)).profile;
}

/** The provider's own profile, active or not, with its exact position and hours; not found before the first save. */
export async function myProfile(q: Queryable, providerId: string): Promise<MyProfile> {
  const { profile, row } = await profileOf(q, providerId, false).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND')
      throw new AppError('NOT_FOUND', 'Vous n’avez pas encore de profil de prestataire.');
    throw error;
  });
  const weekly = await q.query<{ weekday: number; start_minute: number; end_minute: number }>(
    'SELECT weekday, start_minute, end_minute FROM service_availability_rules WHERE provider_id = $1 ORDER BY weekday, start_minute',
    [providerId],
  );
  const exceptions = await q.query<{ day: string; start_minute: number | null; end_minute: number | null }>(
    'SELECT day::text AS day, start_minute, end_minute FROM service_availability_exceptions WHERE provider_id = $1 ORDER BY day',
    [providerId],
  );
  return {
    ...profile,
    position: row.lat_e6 === null || row.lng_e6 === null ? null : { latE6: row.lat_e6, lngE6: row.lng_e6 },
    active: row.active,
    weekly: weekly.rows.map((w) => ({ weekday: w.weekday, startMinute: w.start_minute, endMinute: w.end_minute })),
    exceptions: exceptions.rows.map((e) => ({
      day: e.day,
      hours:
        e.start_minute === null || e.end_minute === null
          ? null
          : { startMinute: e.start_minute, endMinute: e.end_minute },
    })),
    slotStepMinutes: row.slot_step_minutes,
  };
}
