// Proves a listing's photos (issue 25 item 5): refusals first (a client, another owner, what is not an image, a 21st
// photo), then a JPEG carrying GPS EXIF is stored as WebP variants without any metadata; a photo of a listing not on
// line is served only to its owner, its agent and admins (second factor), and to anyone signed in once published;
// the owner deletes its photos, another owner cannot.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { bearer, type Signed } from './support/people.js';
import {
  makeCandidate,
  makeLandlord,
  publishListing,
  roomJpeg,
  type Landlord,
} from './support/real-estate-fixtures.js';

describe.each(testBackends)('real estate listing photos on $name', (backend) => {
  let cloud: TestCloud;
  let landlord: Landlord;
  let other: Landlord;
  let candidate: Signed;
  let draftId: string;
  const upload = (who: Signed, listingId: string, body: Buffer, type = 'image/jpeg') =>
    cloud.app.inject({
      method: 'POST',
      url: `/v1/real-estate/listings/${listingId}/photos`,
      headers: { ...bearer(who), 'content-type': type },
      payload: body,
    });
  const read = (who: Signed, photoId: string, size: 'small' | 'large') =>
    cloud.app.inject({ method: 'GET', url: `/v1/real-estate/photos/${photoId}/${size}`, headers: bearer(who) });

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    landlord = await makeLandlord(cloud);
    other = await makeLandlord(cloud);
    candidate = await makeCandidate(cloud);
    draftId = await publishListing(cloud, landlord, { status: 'draft', agentId: landlord.staff.id });
  });
  afterAll(async () => cloud.close());

  it('refuses a client, another owner, what is not a photo, and a 21st photo', async () => {
    const photo = await roomJpeg('a');
    expect((await upload(candidate, draftId, photo)).statusCode).toBe(403);
    expect((await upload(other, draftId, photo)).statusCode).toBe(404);
    expect((await upload(landlord, draftId, Buffer.from('pas une image'), 'application/octet-stream')).statusCode).toBe(
      400,
    );
    const tiny = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    expect((await upload(landlord, draftId, tiny)).statusCode).toBe(400);
    const full = await publishListing(cloud, landlord, { status: 'draft' });
    const small = await sharp(photo).resize(100).jpeg().toBuffer();
    for (let i = 0; i < 20; i++) expect((await upload(landlord, full, small)).json()).toMatchObject({ position: i });
    const refused = await upload(landlord, full, small);
    expect(refused.statusCode).toBe(409);
    const { rows } = await cloud.db.pool.query(
      'SELECT count(*)::int AS n FROM real_estate_photos WHERE listing_id = $1',
      [full],
    );
    expect(rows[0]).toEqual({ n: 20 });
  });

  it('stores a JPEG with GPS EXIF as WebP variants without metadata, and hashes it', async () => {
    const withGps = await sharp(await roomJpeg('a'))
      .withExif({
        IFD0: { Make: 'PhoneMaker', Model: 'X1', Artist: 'Propriétaire' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '5/1 21/1 36/1', GPSLongitudeRef: 'W', GPSLongitude: '3/1 58/1 2/1' },
      })
      .jpeg()
      .toBuffer();
    expect((await sharp(withGps).metadata()).exif).toBeDefined();
    const added = await upload(landlord, draftId, withGps);
    expect(added.statusCode, added.body).toBe(201);
    const { id } = added.json<{ id: string; position: number }>();
    for (const size of ['small', 'large'] as const) {
      const served = await read(landlord, id, size);
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe('image/webp');
      const meta = await sharp(served.rawPayload).metadata();
      expect(meta.format).toBe('webp');
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(served.rawPayload.includes(Buffer.from('PhoneMaker'))).toBe(false);
    }
    const { rows } = await cloud.db.pool.query<{ phash: string }>(
      'SELECT phash FROM real_estate_photos WHERE id = $1',
      [id],
    );
    expect(rows[0]?.phash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('serves a photo off line to its owner, staff, agent and admins only, and to anyone once published', async () => {
    const { id } = (await upload(landlord, draftId, await roomJpeg('b'))).json<{ id: string }>();
    expect((await read(candidate, id, 'small')).statusCode).toBe(404);
    expect((await read(other, id, 'small')).statusCode).toBe(404);
    expect((await read(landlord.staff, id, 'small')).statusCode).toBe(200);
    expect((await read(cloud.people.admin, id, 'large')).statusCode).toBe(200);
    expect((await read(cloud.people.adminNoMfa, id, 'large')).statusCode).toBe(403);
    expect((await read(candidate, id, 'medium' as 'small')).statusCode).toBe(400);
    await cloud.db.pool.query(
      "UPDATE real_estate_listings SET status = 'published', published_at = now(), expires_at = now() + interval '30 days' WHERE id = $1",
      [draftId],
    );
    expect((await read(candidate, id, 'small')).statusCode).toBe(200);
    expect((await read(other, id, 'large')).statusCode).toBe(200);
  });

  it('lets the owner delete a photo, not another owner', async () => {
    const { id } = (await upload(landlord, draftId, await roomJpeg('b'))).json<{ id: string }>();
    const path = `/v1/real-estate/listings/${draftId}/photos/${id}`;
    expect((await cloud.app.inject({ method: 'DELETE', url: path, headers: bearer(other) })).statusCode).toBe(404);
    expect((await cloud.app.inject({ method: 'DELETE', url: path, headers: bearer(candidate) })).statusCode).toBe(403);
    expect((await cloud.app.inject({ method: 'DELETE', url: path, headers: bearer(landlord) })).statusCode).toBe(204);
    expect((await read(landlord, id, 'small')).statusCode).toBe(404);
    expect((await cloud.app.inject({ method: 'DELETE', url: path, headers: bearer(landlord) })).statusCode).toBe(404);
  });
});
