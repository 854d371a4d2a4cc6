/**
 * The demo service providers (issue 24): three plumbers, two electricians and two hairdressers in Cocody, Yopougon and
 * Marcory, each a partner account (KYC done, attached to the demo sales rep) with its profile, Monday–Saturday
 * 08:00–18:00 hours, offers and drawn portfolio photos. Written through the same services the portal's screens use
 * (profile, hours, offers, photos: checked and audited like a provider's own edits); seeded once (services.ts).
 */
import sharp from 'sharp';
import { hashPassword } from '../modules/identity/password.js';
import { activateAccount } from '../modules/identity/accounts.js';
import type { CardService } from '../modules/cards/cards.js';
import { createOffer } from '../modules/services/offers.js';
import { storePhoto } from '../modules/services/photos.js';
import { saveAvailability, saveProfile } from '../modules/services/profile-save.js';
import type { Database } from '../platform/db/database.js';
import { withTransaction } from '../platform/db/transaction.js';
import { demoAccounts, demoPassword } from './accounts.js';

export interface DemoProvider {
  readonly id: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly displayName: string;
  readonly headline: string;
  readonly description: string;
  readonly category: 'plumbing' | 'electricity' | 'beauty';
  readonly communes: readonly string[];
  readonly position: { readonly latE6: number; readonly lngE6: number };
  readonly priceMinXof: number;
  readonly priceMaxXof: number;
  readonly offers: readonly {
    readonly title: string;
    readonly pricing: 'fixed' | 'quote';
    readonly priceXof?: number;
    readonly durationMinutes: number;
  }[];
}

const plumbingOffers = [
  { title: 'Débouchage évier, lavabo ou WC', pricing: 'fixed', priceXof: 15_000, durationMinutes: 60 },
  { title: 'Réparation de fuite', pricing: 'quote', durationMinutes: 90 },
  { title: 'Installation de chauffe-eau', pricing: 'quote', durationMinutes: 180 },
] as const;
const electricityOffers = [
  { title: 'Diagnostic de panne électrique', pricing: 'fixed', priceXof: 10_000, durationMinutes: 60 },
  { title: 'Pose de prises et interrupteurs', pricing: 'quote', durationMinutes: 120 },
] as const;
const beautyOffers = [
  { title: 'Tresses africaines (nattes, vanilles)', pricing: 'fixed', priceXof: 15_000, durationMinutes: 180 },
  { title: 'Coupe et brushing', pricing: 'fixed', priceXof: 8_000, durationMinutes: 60 },
  { title: 'Pose de perruque', pricing: 'fixed', priceXof: 12_000, durationMinutes: 90 },
] as const;

const id = (n: number): string => `00000000-0000-4000-8000-000000000a0${String(n)}`;

export const demoProviders: readonly DemoProvider[] = [
  {
    id: id(1),
    email: 'plomberie.kouassi@demo.ismail.ci',
    firstName: 'Jean',
    lastName: 'Kouassi',
    displayName: 'Plomberie Kouassi & Fils',
    headline: 'Plombier à Cocody depuis 1998 : fuites, débouchage, chauffe-eau',
    description:
      'Entreprise familiale de plomberie. Intervention rapide à Cocody et Bingerville, devis gratuit, travail garanti.',
    category: 'plumbing',
    communes: ['Cocody', 'Bingerville'],
    position: { latE6: 5_361_200, lngE6: -3_969_800 },
    priceMinXof: 10_000,
    priceMaxXof: 150_000,
    offers: plumbingOffers,
  },
  {
    id: id(2),
    email: 'yop.plomberie@demo.ismail.ci',
    firstName: 'Moussa',
    lastName: 'Coulibaly',
    displayName: 'Yop Plomberie Express',
    headline: 'Dépannage plomberie 6 jours sur 7 à Yopougon',
    description: 'Fuites, WC bouchés, robinetterie, canalisations. Pièces de qualité, prix annoncés avant les travaux.',
    category: 'plumbing',
    communes: ['Yopougon', 'Attécoubé'],
    position: { latE6: 5_338_400, lngE6: -4_086_100 },
    priceMinXof: 8_000,
    priceMaxXof: 120_000,
    offers: plumbingOffers,
  },
  {
    id: id(3),
    email: 'sanitaire.marcory@demo.ismail.ci',
    firstName: 'Issa',
    lastName: 'Bamba',
    displayName: 'Sanitaire Bamba Marcory',
    headline: 'Plomberie et sanitaires à Marcory et Koumassi',
    description: 'Installation de salles de bain, réparation de fuites, chauffe-eau solaires et électriques.',
    category: 'plumbing',
    communes: ['Marcory', 'Koumassi'],
    position: { latE6: 5_301_900, lngE6: -3_979_300 },
    priceMinXof: 12_000,
    priceMaxXof: 200_000,
    offers: plumbingOffers,
  },
  {
    id: id(4),
    email: 'elec.marcory@demo.ismail.ci',
    firstName: 'Serge',
    lastName: 'Yao',
    displayName: 'Élec Service Marcory',
    headline: 'Électricien agréé : pannes, tableaux, prises',
    description:
      'Diagnostic et réparation de pannes, mise aux normes, installation de prises, lustres et disjoncteurs.',
    category: 'electricity',
    communes: ['Marcory', 'Treichville', 'Koumassi'],
    position: { latE6: 5_305_100, lngE6: -3_984_200 },
    priceMinXof: 10_000,
    priceMaxXof: 100_000,
    offers: electricityOffers,
  },
  {
    id: id(5),
    email: 'electricite.toure@demo.ismail.ci',
    firstName: 'Lassina',
    lastName: 'Touré',
    displayName: 'Électricité Touré Cocody',
    headline: 'Installations électriques neuves et dépannage à Cocody',
    description: 'Câblage de villas, pannes de courant, éclairage extérieur. Devis détaillé sous 24 heures.',
    category: 'electricity',
    communes: ['Cocody', 'Plateau'],
    position: { latE6: 5_357_300, lngE6: -3_962_000 },
    priceMinXof: 10_000,
    priceMaxXof: 250_000,
    offers: electricityOffers,
  },
  {
    id: id(6),
    email: 'salon.awa@demo.ismail.ci',
    firstName: 'Awa',
    lastName: 'Diabaté',
    displayName: 'Salon Awa Beauté',
    headline: 'Tresses, coiffure et perruques à Cocody Angré',
    description: 'Salon de coiffure femme : tresses, nattes, tissages, perruques. Sur rendez-vous, au salon.',
    category: 'beauty',
    communes: ['Cocody'],
    position: { latE6: 5_390_100, lngE6: -3_985_600 },
    priceMinXof: 5_000,
    priceMaxXof: 40_000,
    offers: beautyOffers,
  },
  {
    id: id(7),
    email: 'coiffure.mariam@demo.ismail.ci',
    firstName: 'Mariam',
    lastName: 'Koné',
    displayName: 'Coiffure Mariam Yopougon',
    headline: 'Coiffure afro et tresses à Yopougon Sicogi',
    description: 'Coiffure femmes et enfants, tresses et vanilles, soins du cheveu naturel.',
    category: 'beauty',
    communes: ['Yopougon'],
    position: { latE6: 5_334_200, lngE6: -4_072_900 },
    priceMinXof: 4_000,
    priceMaxXof: 30_000,
    offers: beautyOffers,
  },
];

const seeder = { label: 'demo seed', place: 'cloud:demo' };

/** A drawn portfolio picture per trade: pipes, a switchboard's wires, braids; colours vary by provider. */
function portfolioSvg(category: DemoProvider['category'], hue: number): string {
  const shapes: string[] = [];
  if (category === 'plumbing')
    for (let i = 0; i < 5; i++)
      shapes.push(
        `<rect x="${String(60 + i * 140)}" y="80" width="40" height="440" rx="12" fill="hsl(${String(hue)},45%,55%)"/>`,
        `<rect x="40" y="${String(120 + i * 90)}" width="720" height="26" rx="10" fill="hsl(${String(hue + 20)},30%,70%)"/>`,
      );
  else if (category === 'electricity')
    for (let i = 0; i < 6; i++)
      shapes.push(
        `<polyline points="${String(80 + i * 110)},60 ${String(130 + i * 110)},250 ${String(90 + i * 110)},300 ${String(140 + i * 110)},540" stroke="hsl(${String(hue)},90%,55%)" stroke-width="18" fill="none"/>`,
      );
  else
    for (let i = 0; i < 9; i++)
      shapes.push(
        `<path d="M ${String(60 + i * 80)} 40 C ${String(120 + i * 80)} 200, ${String(i * 80)} 380, ${String(60 + i * 80)} 560" stroke="hsl(${String(hue)},50%,${String(25 + (i % 3) * 10)}%)" stroke-width="30" fill="none" stroke-linecap="round"/>`,
      );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="hsl(${String(hue)},30%,92%)"/>${shapes.join('')}</svg>`;
}

const captions: Record<DemoProvider['category'], readonly [string, string]> = {
  plumbing: ['Réfection complète d’une salle de bain', 'Remplacement de canalisations'],
  electricity: ['Tableau électrique mis aux normes', 'Câblage d’une villa neuve'],
  beauty: ['Tresses vanilles', 'Nattes collées avec perles'],
};

/**
 * Creates the providers' accounts, profiles, hours, offers and photos (called once, under the demo_seed claim). With
 * `cards`, each provider also gets its professional card, like every other demo account.
 */
export async function seedDemoProviders(db: Database, cards?: CardService): Promise<void> {
  const passwordHash = await hashPassword(demoPassword);
  const salesRep = demoAccounts.find((a) => a.profile === 'sales_rep')?.id ?? null;
  for (const [index, p] of demoProviders.entries()) {
    await withTransaction(db.pool, async (client) => {
      const inserted = await client.query(
        `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, sales_rep_id,
           tax_id, tax_regime)
         VALUES ($1, 'partner', $2, $3, $4, $5, $6, $7, $8, 'RSI') ON CONFLICT (email) DO NOTHING`,
        [p.id, p.displayName, p.firstName, p.lastName, p.email, passwordHash, salesRep, `26000${String(index + 50)}A`],
      );
      // KYC done: the ISMAIL ID is the profile's "vérifié" badge.
      if (inserted.rowCount === 1) {
        await activateAccount(client, p.id, seeder);
        await cards?.issue(client, p.id, seeder);
      }
    });
    const actor = { accountId: p.id, label: 'demo seed' };
    await saveProfile(db, actor, p.id, {
      displayName: p.displayName,
      headline: p.headline,
      description: p.description,
      categories: [p.category],
      communes: [...p.communes],
      city: 'Abidjan',
      position: p.position,
      priceMinXof: p.priceMinXof,
      priceMaxXof: p.priceMaxXof,
      bufferBeforeMinutes: p.category === 'beauty' ? 0 : 30,
      bufferAfterMinutes: p.category === 'beauty' ? 15 : 30,
      minNoticeMinutes: 120,
      horizonDays: 60,
      slotStepMinutes: 30,
      autoReleaseDays: 3,
      active: true,
    });
    // Monday (0) to Saturday (5), 08:00–18:00 local time.
    await saveAvailability(db, actor, p.id, {
      weekly: [0, 1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 18 * 60 })),
      exceptions: [],
    });
    for (const offer of p.offers)
      await createOffer(db, actor, p.id, {
        category: p.category,
        title: offer.title,
        pricing: offer.pricing,
        ...(offer.priceXof === undefined ? {} : { priceXof: offer.priceXof }),
        durationMinutes: offer.durationMinutes,
      });
    for (const [n, caption] of captions[p.category].entries()) {
      // Rasterised to PNG first: uploads are JPEG, PNG or WebP, and the demo goes through the upload's path.
      const png = await sharp(Buffer.from(portfolioSvg(p.category, (index * 47 + n * 23) % 360)))
        .png()
        .toBuffer();
      await storePhoto(db, actor, p.id, 'portfolio', caption, png);
    }
  }
}
