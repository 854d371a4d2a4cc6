/**
 * The automatic checks a listing passes before it is published by itself (issue 25 item 2): it asks no fee to visit
 * (the "registration fee" bait), and it repeats no live listing, either by a photo (perceptual hash within
 * `samePhotoMaxBits` of a photo of another owner's live listing) or by its phone, price and area (`sameListingKey`,
 * any owner). Anything suspicious is held for an admin, never published.
 */
import type pg from 'pg';
import { asksVisitFee, sameListingKey, samePhotoMaxBits } from '@ismail/shared';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export const visitFeeNote = 'Une annonce ne peut pas demander de frais de visite.';
export const samePhotoNote = 'Une photo de cette annonce figure déjà dans une autre annonce en ligne.';
export const sameListingNote =
  'Une annonce en ligne a déjà le même téléphone, le même prix et la même surface : elle est peut-être en double.';

export type CheckOutcome =
  | { readonly clean: true }
  | {
      readonly clean: false;
      readonly note: string;
      readonly duplicateOf: string | null;
      readonly duplicateReason: 'photo' | 'phone_price_area' | null;
    };

/** Listings that count as live for duplicates: on line, or waiting for review. */
const live = "('published', 'pending_review')";

export async function checkListing(q: Queryable, listingId: string): Promise<CheckOutcome> {
  const { rows } = await q.query<{
    owner_id: string;
    title: string;
    description: string;
    contact_phone: string;
    price_xof: string;
    area_m2: number;
  }>(
    `SELECT l.owner_id, p.title, p.description, l.contact_phone, l.price_xof, p.area_m2
     FROM real_estate_listings l JOIN real_estate_properties p ON p.id = l.property_id WHERE l.id = $1`,
    [listingId],
  );
  const me = rows[0];
  if (me === undefined) return { clean: true };
  if (asksVisitFee(`${me.title}\n${me.description}`))
    return { clean: false, note: visitFeeNote, duplicateOf: null, duplicateReason: null };

  // Hamming distance of two 64-bit hashes in SQL (bit_count, PostgreSQL 14+): the index cannot help, but photos of
  // live listings are thousands, not millions.
  const photo = await q.query<{ listing_id: string }>(
    `SELECT other.listing_id FROM real_estate_photos mine
     JOIN real_estate_photos other
       ON bit_count(('x' || mine.phash)::bit(64) # ('x' || other.phash)::bit(64)) <= $3
     JOIN real_estate_listings ol ON ol.id = other.listing_id
     WHERE mine.listing_id = $1 AND ol.owner_id <> $2 AND ol.status IN ${live}
     ORDER BY ol.created_at LIMIT 1`,
    [listingId, me.owner_id, samePhotoMaxBits],
  );
  const samePhoto = photo.rows[0];
  if (samePhoto !== undefined)
    return { clean: false, note: samePhotoNote, duplicateOf: samePhoto.listing_id, duplicateReason: 'photo' };

  const similar = await q.query<{ id: string; contact_phone: string; price_xof: string; area_m2: number }>(
    `SELECT l.id, l.contact_phone, l.price_xof, p.area_m2
     FROM real_estate_listings l JOIN real_estate_properties p ON p.id = l.property_id
     WHERE l.contact_phone = $1 AND l.price_xof = $2 AND l.id <> $3 AND l.status IN ${live}
     ORDER BY l.created_at LIMIT 50`,
    [me.contact_phone, me.price_xof, listingId],
  );
  const key = (r: { contact_phone: string; price_xof: string; area_m2: number }) => ({
    contactPhone: r.contact_phone,
    priceXof: Number(r.price_xof),
    areaM2: r.area_m2,
  });
  const same = similar.rows.find((r) => sameListingKey(key(me), key(r)));
  if (same !== undefined)
    return { clean: false, note: sameListingNote, duplicateOf: same.id, duplicateReason: 'phone_price_area' };
  return { clean: true };
}
