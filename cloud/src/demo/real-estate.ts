/**
 * Demo Real estate data, so `npm start` shows listings on the map with a history (issue 25): the demo partner is an
 * agency with apartments in Cocody and Marcory, a villa for sale in Bingerville and offices at the Plateau, each with
 * a drawn photo, published through the real flow (its credits charged); visit slots in the coming days, a visit the
 * demo client asked for and the agency confirmed and another waiting; and a lease signed by both parties two months
 * ago whose first rent was paid from the wallet and whose second is late, so a collection file is open.
 * Written once (the demo_seed row), through the module's own flows on a clock the seed moves.
 */
import sharp from 'sharp';
import type { Database } from '../platform/db/database.js';
import type { NotificationService } from '../modules/notifications/service.js';
import type { WalletOperations } from '../modules/wallet/operations.js';
import { RealEstateListings } from '../modules/real-estate/listing-flows.js';
import { addListingPhoto } from '../modules/real-estate/photos.js';
import { VisitSlots } from '../modules/real-estate/slots.js';
import { RealEstateVisits } from '../modules/real-estate/visits.js';
import { LeaseFlows } from '../modules/real-estate/lease-flows.js';
import { RentPayments } from '../modules/real-estate/rent-payments.js';
import { openLateRentFiles } from '../modules/real-estate/rent-jobs.js';
import { servicesNotifier } from '../modules/services/notify.js';
import type { ListingInput } from '../modules/real-estate/listing-schemas.js';
import { demoAccounts } from './accounts.js';
import { demoHubId } from './wallet.js';

const dayMs = 86_400_000;
const agencyPhone = '+2250708091011';

function accountOf(profile: string): { id: string } {
  const account = demoAccounts.find((a) => a.profile === profile);
  if (account === undefined) throw new Error(`no demo ${profile}`);
  return { id: account.id };
}

interface DemoListing {
  readonly key: string;
  readonly input: Omit<ListingInput, 'contactPhone' | 'planCode'>;
  /** Façade colours of the drawn photo. */
  readonly colours: readonly [string, string];
}

export const demoListings: readonly DemoListing[] = [
  {
    key: 'riviera',
    input: {
      kind: 'apartment',
      deal: 'rent',
      title: 'Appartement 3 pièces, Riviera Golf',
      description:
        'Au 2e étage d’une résidence calme avec gardien : séjour lumineux, deux chambres climatisées, cuisine équipée, parking. Visite gratuite sur rendez-vous.',
      commune: 'Cocody',
      neighbourhood: 'Riviera Golf',
      latE6: 5_352_100,
      lngE6: -3_960_800,
      areaM2: 95,
      rooms: 3,
      bedrooms: 2,
      bathrooms: 2,
      priceXof: 250_000,
      chargesXof: 15_000,
      depositMonths: 2,
      advanceMonths: 2,
    },
    colours: ['#e8d5b7', '#0b5d4b'],
  },
  {
    key: 'angre',
    input: {
      kind: 'studio',
      deal: 'rent',
      title: 'Studio meublé, Angré 8e tranche',
      description: 'Studio meublé et climatisé, eau chaude, wifi. Idéal pour un jeune actif. Visite gratuite.',
      commune: 'Cocody',
      neighbourhood: 'Angré 8e tranche',
      latE6: 5_395_600,
      lngE6: -3_988_500,
      areaM2: 35,
      rooms: 1,
      bedrooms: 1,
      bathrooms: 1,
      furnished: true,
      priceXof: 150_000,
      chargesXof: 10_000,
      depositMonths: 1,
      advanceMonths: 1,
    },
    colours: ['#f3e9d2', '#c0392b'],
  },
  {
    key: 'marcory',
    input: {
      kind: 'apartment',
      deal: 'rent',
      title: 'Appartement 4 pièces, Zone 4',
      description: 'Grand 4 pièces avec balcon, proche des commerces de la rue du Dr Blanchard. Groupe électrogène.',
      commune: 'Marcory',
      neighbourhood: 'Zone 4',
      latE6: 5_297_800,
      lngE6: -3_987_600,
      areaM2: 130,
      rooms: 4,
      bedrooms: 3,
      bathrooms: 2,
      priceXof: 400_000,
      chargesXof: 25_000,
      depositMonths: 2,
      advanceMonths: 2,
    },
    colours: ['#d9e4ec', '#1f4e79'],
  },
  {
    key: 'bingerville',
    input: {
      kind: 'villa',
      deal: 'sale',
      title: 'Villa 5 pièces avec jardin, Bingerville',
      description:
        'Villa sur 600 m² de terrain, titre foncier, quatre chambres, jardin arboré et garage deux voitures.',
      commune: 'Bingerville',
      neighbourhood: 'Cité Feh Kessé',
      latE6: 5_356_900,
      lngE6: -3_893_400,
      areaM2: 280,
      rooms: 5,
      bedrooms: 4,
      bathrooms: 3,
      priceXof: 95_000_000,
    },
    colours: ['#f6e7c1', '#8c5a3c'],
  },
  {
    key: 'plateau',
    input: {
      kind: 'office',
      deal: 'rent',
      title: 'Plateau de bureaux 200 m², avenue Chardy',
      description: 'Bureaux cloisonnés au 6e étage, ascenseur, fibre optique, salle de réunion, 4 places de parking.',
      commune: 'Plateau',
      neighbourhood: 'Avenue Chardy',
      latE6: 5_322_400,
      lngE6: -4_018_900,
      fuzzPosition: false,
      areaM2: 200,
      rooms: 6,
      priceXof: 1_500_000,
      chargesXof: 120_000,
      depositMonths: 2,
      advanceMonths: 2,
    },
    colours: ['#cfd8dc', '#37474f'],
  },
  {
    key: 'deux-plateaux',
    input: {
      kind: 'apartment',
      deal: 'rent',
      title: 'Appartement 3 pièces, Deux-Plateaux Vallons',
      description: 'Résidence sécurisée, deux chambres, cuisine américaine. Loué depuis deux mois.',
      commune: 'Cocody',
      neighbourhood: 'Deux-Plateaux Vallons',
      latE6: 5_366_200,
      lngE6: -3_999_100,
      areaM2: 90,
      rooms: 3,
      bedrooms: 2,
      bathrooms: 1,
      priceXof: 280_000,
      chargesXof: 20_000,
      depositMonths: 2,
      advanceMonths: 0,
    },
    colours: ['#fbe9e7', '#6d4c41'],
  },
];

/** A 4:3 drawing of a building's façade in the listing's colours, rasterised like an upload. */
async function facadePng(wall: string, trim: string): Promise<Buffer> {
  const windows: string[] = [];
  for (let floor = 0; floor < 3; floor++)
    for (let col = 0; col < 4; col++)
      windows.push(
        `<rect x="${String(170 + col * 125)}" y="${String(150 + floor * 120)}" width="70" height="80" fill="${trim}" opacity="0.85"/>`,
      );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="#9ad0ec"/><rect x="120" y="110" width="560" height="440" fill="${wall}"/><polygon points="100,110 400,30 700,110" fill="${trim}"/>${windows.join('')}<rect x="370" y="470" width="60" height="80" fill="${trim}"/><rect y="550" width="800" height="50" fill="#6b8e23"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A drawn signature (a few strokes), as the portal's pad would send it. */
async function signaturePng(seed: number): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><path d="M10 70 C 40 ${String(10 + seed * 7)}, 70 90, 100 50 S 160 ${String(20 + seed * 5)}, 190 60 S 250 80, 290 30" stroke="#102a43" stroke-width="4" fill="none"/></svg>`;
  return (await sharp(Buffer.from(svg)).png().toBuffer()).toString('base64');
}

/** 10:00 Abidjan (UTC) `days` days after `from`, moved off Sundays. */
function morning(from: Date, days: number, hour = 10): Date {
  let day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + days, hour));
  while (day.getUTCDay() === 0) day = new Date(day.getTime() + dayMs);
  return day;
}

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

export async function seedDemoRealEstate(
  db: Database,
  deps: { ops: WalletOperations; notifications: NotificationService; publicUrl: string },
  now: Date = new Date(),
): Promise<{ seeded: boolean }> {
  const claimed = await db.pool.query("INSERT INTO demo_seed (name) VALUES ('real_estate') ON CONFLICT DO NOTHING");
  if (claimed.rowCount === 0) return { seeded: false };
  const agency = accountOf('partner');
  const client = accountOf('client');
  const ismailIds = await db.pool.query<{ ismail_id: string }>('SELECT ismail_id FROM accounts WHERE id = $1', [
    client.id,
  ]);
  const clientIsmailId = ismailIds.rows[0]?.ismail_id;
  if (clientIsmailId === undefined) throw new Error('the demo client has no ISMAIL ID');
  const actor = { accountId: agency.id, label: 'demo' };
  // The listings' publication and the client's rent are paid in credits bought in cash at the demo counter.
  await deps.ops.buyCreditsWithCash(
    { actor, scope: agency.id, idempotencyKey: 'demo-real-estate-agency-cash' },
    { accountId: agency.id, hubId: demoHubId, amountXof: 20_000 },
  );
  await deps.ops.buyCreditsWithCash(
    { actor, scope: agency.id, idempotencyKey: 'demo-real-estate-client-cash' },
    { accountId: client.id, hubId: demoHubId, amountXof: 300_000 },
  );

  // Published two months ago for the let flat, a week ago for the others, so the dashboard has a history.
  let clock = new Date(now.getTime() - 63 * dayMs);
  const listings = new RealEstateListings(db, deps.ops, deps.notifications, deps.publicUrl, () => clock);
  const ids = new Map<string, string>();
  for (const demo of [...demoListings].reverse()) {
    clock = demo.key === 'deux-plateaux' ? new Date(now.getTime() - 63 * dayMs) : new Date(now.getTime() - 7 * dayMs);
    const listing = await listings.create(agency.id, {
      ...demo.input,
      contactPhone: agencyPhone,
      planCode: demo.key === 'deux-plateaux' ? 'quarter' : 'month',
    });
    await addListingPhoto(db, agency.id, listing.id, await facadePng(...demo.colours));
    const published = await listings.publication.submit(actor, agency.id, listing.id, `demo-real-estate-${demo.key}`);
    if (published.status !== 'published') throw new Error(`demo listing ${demo.key} was held: ${published.status}`);
    ids.set(demo.key, listing.id);
  }
  const idOf = (key: string): string => ids.get(key) ?? '';

  // Visit slots in the coming days; the client's visit of the Riviera flat is confirmed, the Zone 4 one is waiting.
  clock = now;
  const notifier = servicesNotifier(deps.notifications, deps.publicUrl);
  const slots = new VisitSlots(db, () => clock);
  const visits = new RealEstateVisits(db, notifier, () => clock);
  const agencySide = { principalId: agency.id, ownerId: agency.id };
  const clientSide = { principalId: client.id, ownerId: client.id };
  for (const key of ['riviera', 'angre', 'marcory', 'plateau']) {
    const offered = [1, 2, 3].flatMap((d) =>
      [10, 11, 15].map((hour) => {
        const startsAt = morning(now, d, hour);
        return { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 45 * 60_000).toISOString() };
      }),
    );
    const made = await slots.offer(agencySide, idOf(key), { slots: offered });
    if (key === 'riviera' || key === 'marcory') {
      const slot = made[key === 'riviera' ? 0 : 4];
      if (slot === undefined) throw new Error('demo slot missing');
      const visit = await visits.request(
        clientSide,
        { slotId: slot.id, message: 'Bonjour, je cherche pour ma famille à partir du mois prochain.' },
        `demo-real-estate-visit-${key}`,
      );
      if (key === 'riviera') await visits.step(agencySide, visit.id, 'confirm');
    }
  }

  // The Deux-Plateaux flat, let to the demo client two months ago: first rent paid from the wallet, second late.
  const startsOn = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1));
  clock = new Date(startsOn.getTime() - 3 * dayMs);
  const leases = new LeaseFlows(db, deps.notifications, deps.publicUrl, () => clock);
  const lease = await leases.create(
    agency.id,
    {
      listingId: idOf('deux-plateaux'),
      tenantIsmailId: clientIsmailId,
      rentXof: 280_000,
      chargesXof: 20_000,
      depositXof: 560_000,
      advanceXof: 0,
      startsOn: isoDay(startsOn),
      durationMonths: 12,
      paymentDay: 5,
      graceDays: 5,
    },
    'demo-real-estate-lease',
  );
  const sha = lease.documentSha256 ?? '';
  await leases.sign(
    agency.id,
    lease.id,
    { typedName: 'Agence Riviera Immobilier', signaturePngBase64: await signaturePng(1), documentSha256: sha },
    '127.0.0.1',
  );
  const signed = await leases.sign(
    client.id,
    lease.id,
    { typedName: 'Moussa Ouattara', signaturePngBase64: await signaturePng(2), documentSha256: sha },
    '127.0.0.1',
  );
  const first = signed.dues[0];
  if (first === undefined) throw new Error('demo lease has no dues');
  clock = startsOn;
  await new RentPayments(db, deps.ops, leases).pay(client.id, first.id, undefined, 'demo-real-estate-rent-1');
  await openLateRentFiles(db, leases, now);
  return { seeded: true };
}
