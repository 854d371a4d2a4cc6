// Proves share links: a product or listing that anyone may see answers an HTML card with its Open
// Graph and Twitter tags (title, description with "12 500 FCFA", canonical URL) that sends people to
// the portal without any script; a name holding markup stays text; an inactive, unknown or
// malformed one answers the French 404 page.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

describe.each(testBackends)('share links on $name', (backend) => {
  let cloud: TestCloud;
  const productId = randomUUID();
  const hiddenId = randomUUID();
  const unitId = randomUUID();

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
    const partner = cloud.people.partnerA.id;
    await cloud.db.pool.query(
      `INSERT INTO shop_products (id, partner_id, name, description, category, kind, price_xof, tax_group, active)
       VALUES ($1, $3, 'Attiéké <script>alert(1)</script>', 'Le "vrai" d''Abidjan', 'food', 'physical', 12500, 'A', true),
              ($2, $3, 'Retiré', '', 'food', 'physical', 500, 'A', false)`,
      [productId, hiddenId, partner],
    );
    await cloud.db.pool.query(
      `INSERT INTO booking_units (id, partner_id, kind, type_name, name, place, capacity, base_price_xof, tax_group)
       VALUES ($1, $2, 'room', 'Chambre double', 'Ch. 12', 'Grand-Bassam', 2, 35000, 'A')`,
      [unitId, partner],
    );
  });
  afterAll(async () => cloud.close());

  const get = (url: string) => cloud.app.inject({ method: 'GET', url });
  const content = (html: string, property: string): string | undefined =>
    new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)">`).exec(html)?.[1];

  it('answers a product card with Open Graph tags, escaped, sending people to the portal', async () => {
    const page = await get(`/s/p/${productId}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.headers['content-security-policy']).not.toMatch(/script-src/);
    const html = page.body;
    expect(html).not.toMatch(/<script/i);
    expect(content(html, 'og:title')).toBe('Attiéké &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(content(html, 'og:description')?.replace(/\s/g, ' ')).toBe(
      '12 500 FCFA · Le &quot;vrai&quot; d&#39;Abidjan',
    );
    expect(content(html, 'og:url')).toBe(`http://127.0.0.1:8080/s/p/${productId}`);
    expect(content(html, 'og:type')).toBe('product');
    expect(content(html, 'product:price:amount')).toBe('12500');
    expect(content(html, 'twitter:card')).toBe('summary');
    expect(content(html, 'twitter:title')).toBe(content(html, 'og:title'));
    expect(html).toContain(`<link rel="canonical" href="http://127.0.0.1:8080/s/p/${productId}">`);
    expect(html).toContain(
      `<meta http-equiv="refresh" content="0;url=http://127.0.0.1:8080/shop/products/${productId}">`,
    );
  });

  it('answers a listing card with its price per night', async () => {
    const page = await get(`/s/l/${unitId}`);
    expect(page.statusCode).toBe(200);
    expect(content(page.body, 'og:title')).toMatch(/^Chambre double · /);
    expect(content(page.body, 'og:description')?.replace(/\s/g, ' ')).toBe(
      '35 000 FCFA / nuit · Grand-Bassam · 2 personnes',
    );
  });

  it.each([
    ['an inactive product', () => `/s/p/${hiddenId}`],
    ['an unknown product', () => `/s/p/${randomUUID()}`],
    ['a malformed id', () => '/s/p/%3Cscript%3E'],
    ['an unknown kind of link', () => '/s/x/1'],
  ])('answers %s with the French 404 page', async (_what, url) => {
    const page = await get(url());
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Lien introuvable');
    expect(page.body).not.toContain('<script');
  });

  it('hides the product of a suspended partner', async () => {
    await cloud.db.pool.query("UPDATE accounts SET status = 'suspended' WHERE id = $1", [cloud.people.partnerB.id]);
    const id = randomUUID();
    await cloud.db.pool.query(
      `INSERT INTO shop_products (id, partner_id, name, category, kind, price_xof, tax_group) VALUES ($1, $2, 'Pagne', 'cloth', 'physical', 9000, 'A')`,
      [id, cloud.people.partnerB.id],
    );
    expect((await get(`/s/p/${id}`)).statusCode).toBe(404);
  });
});
