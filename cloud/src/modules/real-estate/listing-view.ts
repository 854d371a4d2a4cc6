/**
 * A listing as its owner (or the owner's staff, its agent, an admin) reads it: every field of the property and the
 * listing, its photos, its counters and where moderation left it. One query for one or many listings.
 */
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import type { OwnerListing } from './listing-schemas.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

interface Row {
  id: string;
  property_id: string;
  owner_id: string;
  status: string;
  deal: string;
  kind: string;
  title: string;
  description: string;
  commune: string;
  neighbourhood: string;
  lat_e6: number;
  lng_e6: number;
  fuzz_position: boolean;
  area_m2: number;
  rooms: number;
  bedrooms: number;
  bathrooms: number;
  furnished: boolean;
  video_url: string | null;
  price_xof: string;
  charges_xof: string;
  deposit_months: number;
  advance_months: number;
  contact_phone: string;
  plan_code: string;
  agent_id: string;
  agent_name: string;
  published_at: Date | null;
  expires_at: Date | null;
  moderation_note: string | null;
  duplicate_of: string | null;
  photos: { id: string; position: number }[];
  views: number;
  contacts: number;
  visits: number;
  availability_asked_at: Date | null;
  created_at: Date;
}

const select = `SELECT l.id, l.property_id, l.owner_id, l.status, l.deal, p.kind, p.title, p.description, p.commune,
    p.neighbourhood, p.lat_e6, p.lng_e6, p.fuzz_position, p.area_m2, p.rooms, p.bedrooms, p.bathrooms, p.furnished,
    p.video_url, l.price_xof, l.charges_xof, l.deposit_months, l.advance_months, l.contact_phone, l.plan_code,
    l.agent_id, a.display_name AS agent_name, l.published_at, l.expires_at, l.moderation_note, l.duplicate_of,
    coalesce((SELECT json_agg(json_build_object('id', ph.id, 'position', ph.position) ORDER BY ph.position)
              FROM real_estate_photos ph WHERE ph.listing_id = l.id), '[]'::json) AS photos,
    l.views, l.contacts,
    (SELECT count(*)::int FROM real_estate_visits v WHERE v.listing_id = l.id) AS visits,
    l.availability_asked_at, l.created_at
  FROM real_estate_listings l
  JOIN real_estate_properties p ON p.id = l.property_id
  JOIN accounts a ON a.id = l.agent_id`;

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());

function toOwnerListing(r: Row): OwnerListing {
  return {
    id: r.id,
    propertyId: r.property_id,
    status: r.status,
    deal: r.deal,
    kind: r.kind,
    title: r.title,
    description: r.description,
    commune: r.commune,
    neighbourhood: r.neighbourhood,
    latE6: r.lat_e6,
    lngE6: r.lng_e6,
    fuzzPosition: r.fuzz_position,
    areaM2: r.area_m2,
    rooms: r.rooms,
    bedrooms: r.bedrooms,
    bathrooms: r.bathrooms,
    furnished: r.furnished,
    videoUrl: r.video_url,
    priceXof: Number(r.price_xof),
    chargesXof: Number(r.charges_xof),
    depositMonths: r.deposit_months,
    advanceMonths: r.advance_months,
    contactPhone: r.contact_phone,
    planCode: r.plan_code,
    agentId: r.agent_id,
    agentName: r.agent_name,
    publishedAt: iso(r.published_at),
    expiresAt: iso(r.expires_at),
    moderationNote: r.moderation_note,
    duplicateOf: r.duplicate_of,
    photos: r.photos,
    views: r.views,
    contacts: r.contacts,
    visits: r.visits,
    availabilityAskedAt: iso(r.availability_asked_at),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export const listingNotFound = (): AppError => new AppError('NOT_FOUND', 'Cette annonce n’existe pas.');

/** Any listing by id (admins, and the flows after they checked who acts). */
export async function ownerListingById(q: Queryable, id: string): Promise<OwnerListing> {
  const { rows } = await q.query<Row>(`${select} WHERE l.id = $1`, [id]);
  const row = rows[0];
  if (row === undefined) throw listingNotFound();
  return toOwnerListing(row);
}

/** The owner's listing; another owner's reads as absent (404), never as forbidden. */
export async function ownerListing(q: Queryable, ownerId: string, id: string): Promise<OwnerListing> {
  const { rows } = await q.query<Row>(`${select} WHERE l.id = $1 AND l.owner_id = $2`, [id, ownerId]);
  const row = rows[0];
  if (row === undefined) throw listingNotFound();
  return toOwnerListing(row);
}

/** The owner's listings, newest first (an owner has tens, an agency a few hundred). */
export async function ownerListings(q: Queryable, ownerId: string): Promise<OwnerListing[]> {
  const { rows } = await q.query<Row>(`${select} WHERE l.owner_id = $1 ORDER BY l.created_at DESC, l.id LIMIT 500`, [
    ownerId,
  ]);
  return rows.map(toOwnerListing);
}

/** Listings waiting for an admin, oldest first. */
export async function listingsInReview(q: Queryable): Promise<OwnerListing[]> {
  const { rows } = await q.query<Row>(
    `${select} WHERE l.status = 'pending_review' ORDER BY l.updated_at, l.id LIMIT 200`,
  );
  return rows.map(toOwnerListing);
}
