/**
 * Demo product photos, drawn rather than shipped: an SVG of a print (rows of flowers on a coloured ground)
 * turned into the same WebP variants a partner's upload gets, so the demo shop shows thumbnails without any
 * image file in the repository.
 */
import sharp from 'sharp';
import type { Database } from '../platform/db/database.js';
import { photoVariants } from '../modules/shop/catalog-photos.js';

/** A 4:3 print in the given colours; sharp rasterises the SVG (librsvg) before the variants are made. */
function printSvg(ground: string, motif: string, heart: string): string {
  const flowers: string[] = [];
  for (let row = 0; row < 6; row++)
    for (let col = 0; col < 8; col++) {
      const x = col * 100 + (row % 2 === 0 ? 50 : 0);
      const y = row * 100 + 50;
      flowers.push(
        `<circle cx="${String(x)}" cy="${String(y)}" r="34" fill="${motif}"/>`,
        `<circle cx="${String(x)}" cy="${String(y)}" r="14" fill="${heart}"/>`,
      );
    }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="${ground}"/>${flowers.join('')}</svg>`;
}

const palettes: readonly (readonly [string, string, string])[] = [
  ['#0b5d4b', '#f2b705', '#c0392b'],
  ['#f3e9d2', '#c8a165', '#7a4e2d'],
  ['#3b2314', '#8c5a3c', '#e0c097'],
];

/** Gives each product (at most one per palette) a photo, unless it has one. */
export async function seedDemoPhotos(db: Database, productIds: readonly string[]): Promise<void> {
  for (const [i, productId] of productIds.slice(0, palettes.length).entries()) {
    const [ground, motif, heart] = palettes[i] ?? palettes[0] ?? ['#fff', '#000', '#000'];
    // Rasterised to PNG first: uploads are JPEG, PNG or WebP only, and the demo goes through the same path.
    const png = await sharp(Buffer.from(printSvg(ground, motif, heart)))
      .png()
      .toBuffer();
    const { small, large } = await photoVariants(png);
    await db.pool.query(
      'INSERT INTO shop_product_photos (product_id, small_webp, large_webp) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [productId, small, large],
    );
  }
}
