// Proves product photos (issue 23): refusals first (another partner's product is not found, a client and read-only
// staff are refused, a GIF or a text file is 415, a file over the bound 413); then a JPEG carrying EXIF with GPS
// comes out as WebP 320 and 800 px wide with no EXIF at all, served to anyone while the product is listed and gone
// once it is deleted; the product's share card carries it as og:image once uploaded.
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { photoUploadMaxBytes } from '../src/modules/shop/catalog-photos.js';
import { testBackends } from './support/databases.js';
import { openTestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';

describe.each(testBackends)('catalog photos on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  beforeAll(async () => {
    ({ db, app, people } = await openTestCloud(backend));
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });
  const put = (person: Person, productId: string, body: Buffer, type = 'image/jpeg') =>
    app.inject({
      method: 'PUT',
      url: `/v1/shop/catalog/${productId}/photo`,
      headers: { ...bearer(people[person]), 'content-type': type },
      payload: body,
    });

  it('turns a JPEG with GPS into WebP variants without EXIF, and refuses what it must', async () => {
    const product = await app.shop.createProduct(people.partnerA.id, {
      name: 'Pagne wax',
      category: 'textile',
      kind: 'physical',
      priceXof: 12_500,
      taxGroup: 'CI-TVA-18',
    });
    const jpeg = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#c33' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'Phone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '5/1 19/1 0/1' } })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif?.byteLength ?? 0).toBeGreaterThan(0);

    expect((await put('partnerB', product.id, jpeg)).statusCode).toBe(404);
    expect((await put('clientA', product.id, jpeg)).statusCode).toBe(403);
    expect((await put('staffA', product.id, jpeg)).statusCode).toBe(403);
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    expect((await put('partnerA', product.id, gif, 'image/gif')).statusCode).toBe(415);
    expect((await put('partnerA', product.id, gif, 'image/png')).statusCode).toBe(415);
    expect((await put('partnerA', product.id, Buffer.from('pas une image'), 'image/png')).statusCode).toBe(415);
    expect((await put('partnerA', product.id, Buffer.alloc(photoUploadMaxBytes + 1))).statusCode).toBe(413);

    const shareCard = async () => (await app.inject({ method: 'GET', url: `/s/p/${product.id}` })).body;
    expect(await shareCard()).not.toContain('og:image');
    // What a buyer reads: the product and the search say whether there is a photo to show.
    const buyerSees = async () => ({
      product: (
        await app.inject({ method: 'GET', url: `/v1/shop/products/${product.id}`, headers: bearer(people.clientA) })
      ).json<{
        hasPhoto: boolean;
      }>().hasPhoto,
      search: (await app.shop.search({ text: 'Pagne wax' })).products.find((p) => p.id === product.id)?.hasPhoto,
    });
    expect(await buyerSees()).toEqual({ product: false, search: false });
    expect((await put('partnerA', product.id, jpeg)).statusCode).toBe(204);
    expect(await buyerSees()).toEqual({ product: true, search: true });
    // The share card (WhatsApp's preview) now shows the photo.
    expect(await shareCard()).toMatch(
      new RegExp(`<meta property="og:image" content="[^"]*/v1/shop/products/${product.id}/photo/large">`),
    );
    for (const [size, width] of [
      ['small', 320],
      ['large', 800],
    ] as const) {
      const served = await app.inject({ method: 'GET', url: `/v1/shop/products/${product.id}/photo/${size}` });
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe('image/webp');
      const meta = await sharp(served.rawPayload).metadata();
      expect(meta).toMatchObject({ format: 'webp', width, height: (width * 3) / 4 });
      expect(meta.exif).toBeUndefined();
      expect(served.rawPayload.includes(Buffer.from('GPS'))).toBe(false);
    }
    await db.pool.query('UPDATE shop_products SET active = false, deleted_at = now() WHERE id = $1', [product.id]);
    expect((await app.inject({ method: 'GET', url: `/v1/shop/products/${product.id}/photo/small` })).statusCode).toBe(
      404,
    );
  });
});
