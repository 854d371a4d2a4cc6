/**
 * Services photos (issue 24): a provider's portfolio, and the photos a client attaches to a request, a message or a
 * dispute. The upload is decoded by sharp, turned upright (EXIF orientation) and re-encoded as WebP 320 and 1024 px
 * wide at most; sharp writes no metadata unless asked, so EXIF (GPS, camera, owner) never leaves the upload.
 * Portfolio photos are seen by anyone signed in; a request photo only by its owner, the providers a request listing it
 * was sent to, the parties of a message or a dispute carrying it, and admins with the second factor.
 * Never serves a request photo to someone outside those.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import sharp, { type Metadata } from 'sharp';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { Actor } from './profile-save.js';

/** A phone photo is 2–6 MB; 8 MB leaves room without letting one upload fill memory. */
export const photoUploadMaxBytes = 8 * 1_048_576;
/** sharp refuses larger images before decoding them (a small file can declare a huge canvas). */
const maxInputPixels = 40_000_000;
/** Smaller than this is a thumbnail or a tracking pixel, not a photo of work. */
const minSidePixels = 64;
export const photoWidths = { small: 320, large: 1024 } as const;
/** The portfolio fills one screen of the profile. */
export const portfolioPhotosMax = 12;
/** Request photos an account may upload in 24 hours: enough for five requests with their messages. */
export const requestPhotosPerDayMax = 50;

export type PhotoKind = 'portfolio' | 'request';

const refused = (message: string): AppError => new AppError('VALIDATION_FAILED', message);

/** The upload as WebP variants, upright and without metadata; what is not a JPEG, PNG or WebP photo is refused. */
export async function photoVariants(upload: Buffer): Promise<{ small: Buffer; large: Buffer }> {
  let meta: Metadata;
  try {
    meta = await sharp(upload, { limitInputPixels: maxInputPixels }).metadata();
  } catch {
    throw refused('Ce fichier n’est pas une image lisible : envoyez une photo JPEG, PNG ou WebP.');
  }
  if (meta.format !== 'jpeg' && meta.format !== 'png' && meta.format !== 'webp')
    throw refused('Envoyez une photo JPEG, PNG ou WebP.');
  if ((meta.width ?? 0) < minSidePixels || (meta.height ?? 0) < minSidePixels)
    throw refused(`Cette image est trop petite : au moins ${String(minSidePixels)} pixels de côté.`);
  const variant = async (width: number): Promise<Buffer> => {
    try {
      return await sharp(upload, { limitInputPixels: maxInputPixels })
        .rotate()
        .resize({ width, height: width, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer();
    } catch {
      throw refused('Cette image est abîmée : envoyez-la de nouveau.');
    }
  };
  return { small: await variant(photoWidths.small), large: await variant(photoWidths.large) };
}

async function checkRoom(client: pg.PoolClient, ownerId: string, kind: PhotoKind): Promise<void> {
  // One upload at a time per owner: the count and the insert cannot interleave with a racing upload.
  await client.query("SELECT pg_advisory_xact_lock(hashtext('services.photos:' || $1))", [ownerId]);
  if (kind === 'portfolio') {
    const provider = await client.query('SELECT 1 FROM service_providers WHERE account_id = $1', [ownerId]);
    if (provider.rowCount === 0)
      throw new AppError('CONFLICT', 'Créez d’abord votre profil de prestataire, puis ajoutez vos photos.');
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM service_photos WHERE owner_id = $1 AND kind = 'portfolio'",
      [ownerId],
    );
    if ((rows[0]?.n ?? 0) >= portfolioPhotosMax)
      throw new AppError(
        'CONFLICT',
        `Votre portfolio a déjà ${String(portfolioPhotosMax)} photos : retirez-en une avant d’en ajouter.`,
      );
    return;
  }
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM service_photos
     WHERE owner_id = $1 AND kind = 'request' AND created_at > now() - interval '1 day'`,
    [ownerId],
  );
  if ((rows[0]?.n ?? 0) >= requestPhotosPerDayMax)
    throw new AppError(
      'RATE_LIMITED',
      `Vous avez envoyé ${String(requestPhotosPerDayMax)} photos en 24 heures : réessayez plus tard.`,
    );
}

export async function storePhoto(
  db: Database,
  actor: Actor,
  ownerId: string,
  kind: PhotoKind,
  caption: string,
  upload: Buffer,
): Promise<{ id: string }> {
  const { small, large } = await photoVariants(upload);
  const id = randomUUID();
  await withTransaction(db.pool, async (client) => {
    await checkRoom(client, ownerId, kind);
    await client.query(
      'INSERT INTO service_photos (id, owner_id, kind, small_webp, large_webp, caption) VALUES ($1, $2, $3, $4, $5, $6)',
      [id, ownerId, kind, small, large, caption],
    );
    // The portfolio is part of the public profile: its changes are audited like the profile's.
    if (kind === 'portfolio')
      await appendAudit(client, {
        actor,
        action: 'services.portfolio_photo_added',
        subject: { type: 'service_photo', id },
        place: 'cloud',
        detail: { providerId: ownerId, smallBytes: small.byteLength, largeBytes: large.byteLength },
      });
  });
  return { id };
}

/** Who may see a photo: the viewer ids are the caller and the account it acts for (staff act for their partner). */
export async function readPhoto(
  pool: pg.Pool,
  photoId: string,
  size: 'small' | 'large',
  viewer: { readonly ids: readonly string[]; readonly admin: boolean; readonly secondFactor: boolean },
): Promise<{ photo: Buffer; kind: PhotoKind }> {
  const { rows } = await pool.query<{ photo: Buffer; kind: PhotoKind; owner_id: string }>(
    `SELECT ${size === 'small' ? 'small_webp' : 'large_webp'} AS photo, kind, owner_id FROM service_photos WHERE id = $1`,
    [photoId],
  );
  const row = rows[0];
  const notFound = new AppError('NOT_FOUND', 'Photo introuvable.');
  if (row === undefined) throw notFound;
  if (row.kind === 'portfolio' || viewer.ids.includes(row.owner_id)) return { photo: row.photo, kind: row.kind };
  const related = await pool.query(
    `SELECT 1 WHERE
       EXISTS (SELECT 1 FROM service_requests r JOIN service_request_providers rp ON rp.request_id = r.id
               WHERE $1::uuid = ANY (r.photo_ids) AND rp.provider_id = ANY ($2::uuid[]))
    OR EXISTS (SELECT 1 FROM service_messages m JOIN service_requests r ON r.id = m.request_id
               WHERE m.photo_id = $1 AND (r.client_id = ANY ($2::uuid[]) OR m.provider_id = ANY ($2::uuid[])))
    OR EXISTS (SELECT 1 FROM service_disputes d JOIN service_appointments a ON a.id = d.appointment_id
               WHERE $1::uuid = ANY (d.evidence_photo_ids)
                 AND (a.client_id = ANY ($2::uuid[]) OR a.provider_id = ANY ($2::uuid[])))`,
    [photoId, viewer.ids],
  );
  if ((related.rowCount ?? 0) > 0) return { photo: row.photo, kind: row.kind };
  if (viewer.admin) {
    // Admins read request photos as dispute evidence: only with the second factor, like their other actions.
    if (!viewer.secondFactor) throw new AppError('SECOND_FACTOR_REQUIRED');
    return { photo: row.photo, kind: row.kind };
  }
  throw notFound;
}

/** Deletes the owner's photo; one attached to a request, a message or a dispute stays (it is their history). */
export async function deletePhoto(db: Database, actor: Actor, ownerId: string, photoId: string): Promise<void> {
  await withTransaction(db.pool, async (client) => {
    const { rows } = await client.query<{ kind: PhotoKind }>(
      'SELECT kind FROM service_photos WHERE id = $1 AND owner_id = $2 FOR UPDATE',
      [photoId, ownerId],
    );
    const photo = rows[0];
    if (photo === undefined) throw new AppError('NOT_FOUND', 'Photo introuvable.');
    const used = await client.query(
      `SELECT 1 WHERE EXISTS (SELECT 1 FROM service_requests WHERE $1::uuid = ANY (photo_ids))
        OR EXISTS (SELECT 1 FROM service_messages WHERE photo_id = $1)
        OR EXISTS (SELECT 1 FROM service_disputes WHERE $1::uuid = ANY (evidence_photo_ids))`,
      [photoId],
    );
    if ((used.rowCount ?? 0) > 0)
      throw new AppError(
        'CONFLICT',
        'Cette photo est jointe à une demande, un message ou un litige : elle est gardée.',
      );
    await client.query('DELETE FROM service_photos WHERE id = $1', [photoId]);
    if (photo.kind === 'portfolio')
      await appendAudit(client, {
        actor,
        action: 'services.portfolio_photo_removed',
        subject: { type: 'service_photo', id: photoId },
        place: 'cloud',
        detail: { providerId: ownerId },
      });
  });
}
