/**
 * A listing's photos (issue 25 item 5): at most 20, each stored as the Services pipeline leaves it (WebP 320 and
 * 1024 px, upright, without EXIF: GPS never kept) with its perceptual hash. Seen by anyone signed in while the
 * listing is published; otherwise only by its owner (and staff), its agent and admins.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { photoVariants } from '../services/photos.js';
import { photoHash } from './photo-hash.js';
import { listingNotFound } from './listing-view.js';

export const listingPhotosMax = 20;
const photoNotFound = (): AppError => new AppError('NOT_FOUND', 'Photo introuvable.');

/** Stores a photo at the first free position; answers its id, position, and the listing's status. */
export async function addListingPhoto(
  db: Database,
  ownerId: string,
  listingId: string,
  upload: Buffer,
): Promise<{ id: string; position: number; status: string }> {
  const { small, large } = await photoVariants(upload);
  const phash = await photoHash(large);
  const id = randomUUID();
  return withTransaction(db.pool, async (client) => {
    const { rows } = await client.query<{ status: string }>(
      'SELECT status FROM real_estate_listings WHERE id = $1 AND owner_id = $2 FOR UPDATE',
      [listingId, ownerId],
    );
    const listing = rows[0];
    if (listing === undefined) throw listingNotFound();
    if (listing.status === 'sold') throw new AppError('CONFLICT', 'Cette annonce est vendue : elle ne change plus.');
    const taken = await client.query<{ position: number }>(
      'SELECT position FROM real_estate_photos WHERE listing_id = $1',
      [listingId],
    );
    const used = new Set(taken.rows.map((r) => r.position));
    if (used.size >= listingPhotosMax)
      throw new AppError(
        'CONFLICT',
        `Cette annonce a déjà ${String(listingPhotosMax)} photos : retirez-en une avant d’en ajouter.`,
      );
    let position = 0;
    while (used.has(position)) position++;
    await client.query(
      `INSERT INTO real_estate_photos (id, listing_id, owner_id, position, small_webp, large_webp, phash)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, listingId, ownerId, position, small, large, phash],
    );
    return { id, position, status: listing.status };
  });
}

export async function deleteListingPhoto(
  db: Database,
  ownerId: string,
  listingId: string,
  photoId: string,
): Promise<void> {
  const deleted = await db.pool.query(
    'DELETE FROM real_estate_photos WHERE id = $1 AND listing_id = $2 AND owner_id = $3',
    [photoId, listingId, ownerId],
  );
  if (deleted.rowCount === 0) throw photoNotFound();
}

/** A photo variant, under the rule above; `viewerIds` are the caller and the account it acts for. */
export async function readListingPhoto(
  pool: pg.Pool,
  photoId: string,
  size: 'small' | 'large',
  viewer: { readonly ids: readonly string[]; readonly admin: boolean; readonly secondFactor: boolean },
): Promise<{ photo: Buffer; published: boolean }> {
  const { rows } = await pool.query<{ photo: Buffer; status: string; owner_id: string; agent_id: string }>(
    `SELECT ${size === 'small' ? 'ph.small_webp' : 'ph.large_webp'} AS photo, l.status, l.owner_id, l.agent_id
     FROM real_estate_photos ph JOIN real_estate_listings l ON l.id = ph.listing_id WHERE ph.id = $1`,
    [photoId],
  );
  const row = rows[0];
  if (row === undefined) throw photoNotFound();
  const published = row.status === 'published';
  if (published || viewer.ids.includes(row.owner_id) || viewer.ids.includes(row.agent_id))
    return { photo: row.photo, published };
  if (!viewer.admin) throw photoNotFound();
  // Admins read a listing under review like their other actions: with the second factor.
  if (!viewer.secondFactor) throw new AppError('SECOND_FACTOR_REQUIRED');
  return { photo: row.photo, published };
}
