/**
 * What the Real estate suites need (issue 25): a landlord (a partner signed in, with credits and a staff member who
 * may act for it), a candidate (a client signed in), and a published listing. `publishListing` writes the property,
 * the listing and its paid period in SQL, as submitting a clean listing leaves them, so that the search, visit and
 * lease suites are tested apart from the publication flow (which the listings suites test through the routes).
 * Shared READ-ONLY by the other Real estate suites.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { fuzzPosition, placeOf, type ListingDeal, type PropertyKind } from '@ismail/shared';
import { hashPassword } from '../../src/modules/identity/password.js';
import { testPasswordCost } from './password-cost.js';
import { cashHub } from './wallet-fixtures.js';
import { password, type Signed } from './people.js';
import type { TestCloud } from './test-cloud.js';

export interface Landlord extends Signed {
  readonly name: string;
  /** Staff of the landlord with read, write and modify delegated: acts for it through `ownerOf`. */
  readonly staff: Signed;
}

let counter = 0;

async function signedAccount(
  cloud: TestCloud,
  profile: 'partner' | 'client',
  name: string,
  links: { staffOf?: string; delegatedActions?: string[] } = {},
): Promise<Signed> {
  const id = randomUUID();
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(0, 8)}@test.ismail.ci`;
  await cloud.db.pool.query(
    `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, status, staff_of,
       delegated_actions)
     VALUES ($1, $2, $3, $3, 'Test', $4, $5, 'active', $6, $7)`,
    [
      id,
      profile,
      name,
      email,
      await hashPassword(password, testPasswordCost),
      links.staffOf ?? null,
      links.delegatedActions ?? null,
    ],
  );
  const response = await cloud.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${name} failed: ${response.body}`);
  const tokens = response.json<{ accessToken: string; refreshToken: string }>();
  return { id, email, profile, token: tokens.accessToken, refreshToken: tokens.refreshToken };
}

/**
 * A new partner signed in, holding `fundXof` FCFA of credits (default 100 000 FCFA = 2 000 credits) bought for cash
 * at a counter, with one staff member signed in who may read, write and modify for it.
 */
export async function makeLandlord(
  cloud: TestCloud,
  options: { name?: string; fundXof?: number } = {},
): Promise<Landlord> {
  const name = options.name ?? `Bailleur ${String(++counter)}`;
  const landlord = await signedAccount(cloud, 'partner', name);
  const staff = await signedAccount(cloud, 'partner', `${name} (équipe)`, {
    staffOf: landlord.id,
    delegatedActions: ['read', 'write', 'modify'],
  });
  const fundXof = options.fundXof ?? 100_000;
  if (fundXof > 0) {
    await cloud.app.wallet.operations.buyCreditsWithCash(
      { actor: { label: 'test' }, scope: 'system', idempotencyKey: `seed-landlord-${landlord.id}` },
      { accountId: landlord.id, hubId: await cashHub(cloud.db), amountXof: fundXof },
    );
  }
  return { ...landlord, name, staff };
}

/** A new client signed in: someone looking for a place. */
export async function makeCandidate(cloud: TestCloud, options: { name?: string } = {}): Promise<Signed> {
  return signedAccount(cloud, 'client', options.name ?? `Candidat ${String(++counter)}`);
}

export interface ListingOverrides {
  kind?: PropertyKind;
  deal?: ListingDeal;
  title?: string;
  description?: string;
  commune?: string;
  neighbourhood?: string;
  /** The exact point; the commune's centre when not given. */
  latE6?: number;
  lngE6?: number;
  fuzzPosition?: boolean;
  areaM2?: number;
  rooms?: number;
  bedrooms?: number;
  bathrooms?: number;
  furnished?: boolean;
  videoUrl?: string | null;
  priceXof?: number;
  chargesXof?: number;
  depositMonths?: number;
  advanceMonths?: number;
  contactPhone?: string;
  planCode?: string;
  /** The owner by default; else one of its staff. */
  agentId?: string;
  /** Default now; with `expiresAt` (default published + 30 days) a listing may be written already old or expired. */
  publishedAt?: Date;
  expiresAt?: Date;
  /** Default 'published'; 'expired', 'rented'... to test what readers skip. */
  status?: 'published' | 'expired' | 'rented' | 'sold' | 'suspended' | 'pending_review' | 'draft';
}

/**
 * A listing of `landlord` as a clean submission publishes it (property, listing, its first period); returns the
 * listing's id. Defaults: a 3-room apartment for rent in Cocody, 150 000 FCFA a month, 85 m², fuzzed position.
 */
export async function publishListing(
  cloud: TestCloud,
  landlord: { id: string },
  overrides: ListingOverrides = {},
): Promise<string> {
  const o = overrides;
  const commune = o.commune ?? 'Cocody';
  const place = placeOf(commune);
  if (place === undefined) throw new Error(`unknown commune ${commune}`);
  const exact = { latE6: o.latE6 ?? place.latE6, lngE6: o.lngE6 ?? place.lngE6 };
  const fuzz = o.fuzzPosition ?? true;
  const shown = fuzz ? fuzzPosition(exact, [Math.random(), Math.random()]) : exact;
  const status = o.status ?? 'published';
  const publishedAt = o.publishedAt ?? new Date();
  const expiresAt = o.expiresAt ?? new Date(publishedAt.getTime() + 30 * 86_400_000);
  const dated = status !== 'draft' && status !== 'pending_review';
  const propertyId = randomUUID();
  const listingId = randomUUID();
  const title = o.title ?? `Appartement 3 pièces ${String(++counter)}`;
  await cloud.db.pool.query(
    `INSERT INTO real_estate_properties (id, owner_id, kind, title, description, city, commune, neighbourhood, lat_e6,
       lng_e6, public_lat_e6, public_lng_e6, fuzz_position, area_m2, rooms, bedrooms, bathrooms, furnished, video_url)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
    [
      propertyId,
      landlord.id,
      o.kind ?? 'apartment',
      title,
      o.description ?? 'Bel appartement lumineux, proche des commerces.',
      place.city,
      place.commune,
      o.neighbourhood ?? 'Riviera 2',
      exact.latE6,
      exact.lngE6,
      shown.latE6,
      shown.lngE6,
      fuzz,
      o.areaM2 ?? 85,
      o.rooms ?? 3,
      o.bedrooms ?? 2,
      o.bathrooms ?? 1,
      o.furnished ?? false,
      o.videoUrl ?? null,
    ],
  );
  await cloud.db.pool.query(
    `INSERT INTO real_estate_listings (id, property_id, owner_id, agent_id, deal, price_xof, charges_xof, deposit_months,
       advance_months, status, plan_code, contact_phone, published_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      listingId,
      propertyId,
      landlord.id,
      o.agentId ?? landlord.id,
      o.deal ?? 'rent',
      o.priceXof ?? 150_000,
      o.chargesXof ?? 0,
      o.depositMonths ?? 2,
      o.advanceMonths ?? 2,
      status,
      o.planCode ?? 'month',
      o.contactPhone ?? `+22507${String(10_000_000 + Math.floor(Math.random() * 89_999_999)).slice(0, 8)}`,
      dated ? publishedAt : null,
      dated ? expiresAt : null,
    ],
  );
  if (dated) {
    await cloud.db.pool.query(
      `INSERT INTO real_estate_listing_periods (id, listing_id, plan_code, starts_at, ends_at, charged_centi,
         idempotency_key, created_by)
       VALUES ($1, $2, $3, $4, $5, 0, 'fixture', $6)`,
      [randomUUID(), listingId, o.planCode ?? 'month', publishedAt, expiresAt, landlord.id],
    );
  }
  return listingId;
}

/** A "room": a gradient wall, a window and a floor, as an SVG rendered by sharp. */
export function roomSvg(variant: 'a' | 'b'): Buffer {
  const shapes =
    variant === 'a'
      ? `<rect x="0" y="0" width="800" height="600" fill="url(#g)"/>
         <rect x="480" y="80" width="220" height="260" fill="#bfe3ff"/>
         <rect x="0" y="420" width="800" height="180" fill="#7a4a21"/>
         <circle cx="200" cy="300" r="90" fill="#2f6d2f"/>`
      : `<rect x="0" y="0" width="800" height="600" fill="#ffffff"/>
         <rect x="40" y="300" width="300" height="280" fill="#202020"/>
         <rect x="420" y="40" width="340" height="200" fill="url(#g)"/>
         <circle cx="620" cy="440" r="120" fill="#c03030"/>`;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
       <defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#f4e1c1"/><stop offset="1" stop-color="#8c6d46"/></linearGradient></defs>
       ${shapes}
     </svg>`,
  );
}

/** A room photo as a phone would send it (JPEG). */
export const roomJpeg = (variant: 'a' | 'b'): Promise<Buffer> =>
  sharp(roomSvg(variant)).jpeg({ quality: 90 }).toBuffer();
