/**
 * Creating and editing a listing (issue 25 item 1): one call writes the property and its listing, as a draft. The
 * position is the one given or the commune's centre; when the owner asks for it to be fuzzed, the public point is
 * drawn once, at save (a point drawn at each read would let anyone average it back to the door). The phone is an
 * Ivorian number in E.164, the video an https link, the agent the owner or one of its staff.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { AppError, fuzzPosition, placeOf } from '@ismail/shared';
import type pg from 'pg';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { ListingInput, ListingPatch, OwnerListing } from './listing-schemas.js';
import { listingNotFound, ownerListing } from './listing-view.js';

const refused = (message: string): AppError => new AppError('VALIDATION_FAILED', message);

/** An Ivorian number in E.164 (+225 and 10 digits), or a refusal in clear words. */
export function ivorianPhone(raw: string): string {
  const parsed = parsePhoneNumberFromString(raw, 'CI');
  if (parsed === undefined || parsed.countryCallingCode !== '225' || !parsed.isValid())
    throw refused('Le téléphone de contact doit être un numéro ivoirien valide (+225 et 10 chiffres).');
  return parsed.number;
}

function httpsUrl(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw refused('Le lien de la vidéo n’est pas une adresse valide.');
  }
  if (url.protocol !== 'https:') throw refused('Le lien de la vidéo doit commencer par https://.');
  return url.toString();
}

function knownCommune(commune: string): { commune: string; city: string; latE6: number; lngE6: number } {
  const place = placeOf(commune);
  if (place === undefined) throw refused(`Commune inconnue : « ${commune} ». Choisissez-la dans la liste.`);
  return place;
}

const randomUnit = (): number => randomInt(0, 1_000_000) / 1_000_000;

/** The public point: moved once by up to ~500 m when asked, else the exact point. */
function publicPoint(exact: { latE6: number; lngE6: number }, fuzz: boolean): { latE6: number; lngE6: number } {
  return fuzz ? fuzzPosition(exact, [randomUnit(), randomUnit()]) : exact;
}

async function checkAgent(q: Pick<pg.PoolClient, 'query'>, ownerId: string, agentId: string): Promise<void> {
  if (agentId === ownerId) return;
  const { rows } = await q.query("SELECT 1 FROM accounts WHERE id = $1 AND staff_of = $2 AND status = 'active'", [
    agentId,
    ownerId,
  ]);
  if (rows.length === 0) throw refused('L’agent doit être vous-même ou un membre de votre équipe.');
}

async function checkPlan(q: Pick<pg.PoolClient, 'query'>, planCode: string): Promise<void> {
  const { rows } = await q.query('SELECT 1 FROM real_estate_listing_plans WHERE code = $1 AND active', [planCode]);
  if (rows.length === 0) throw refused('Cette formule de publication n’existe pas.');
}

export async function createListing(db: Database, ownerId: string, input: ListingInput): Promise<OwnerListing> {
  const place = knownCommune(input.commune);
  const phone = ivorianPhone(input.contactPhone);
  const videoUrl = httpsUrl(input.videoUrl);
  if ((input.latE6 === undefined) !== (input.lngE6 === undefined))
    throw refused('Donnez la latitude et la longitude ensemble, ou aucune des deux.');
  const exact = { latE6: input.latE6 ?? place.latE6, lngE6: input.lngE6 ?? place.lngE6 };
  const fuzz = input.fuzzPosition ?? true;
  const shown = publicPoint(exact, fuzz);
  const agentId = input.agentId ?? ownerId;
  const propertyId = randomUUID();
  const listingId = randomUUID();
  return withTransaction(db.pool, async (client) => {
    await checkAgent(client, ownerId, agentId);
    await checkPlan(client, input.planCode);
    await client.query(
      `INSERT INTO real_estate_properties (id, owner_id, kind, title, description, city, commune, neighbourhood, lat_e6,
         lng_e6, public_lat_e6, public_lng_e6, fuzz_position, area_m2, rooms, bedrooms, bathrooms, furnished, video_url)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
      [
        propertyId,
        ownerId,
        input.kind,
        input.title.trim(),
        input.description ?? '',
        place.city,
        place.commune,
        input.neighbourhood ?? '',
        exact.latE6,
        exact.lngE6,
        shown.latE6,
        shown.lngE6,
        fuzz,
        input.areaM2,
        input.rooms ?? 0,
        input.bedrooms ?? 0,
        input.bathrooms ?? 0,
        input.furnished ?? false,
        videoUrl,
      ],
    );
    await client.query(
      `INSERT INTO real_estate_listings (id, property_id, owner_id, agent_id, deal, price_xof, charges_xof,
         deposit_months, advance_months, status, plan_code, contact_phone)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11)`,
      [
        listingId,
        propertyId,
        ownerId,
        agentId,
        input.deal,
        input.priceXof,
        input.chargesXof ?? 0,
        input.depositMonths ?? 0,
        input.advanceMonths ?? 0,
        input.planCode,
        phone,
      ],
    );
    return ownerListing(client, ownerId, listingId);
  });
}

/** What an edit changed that the checks read (text, price, area, phone): a published listing is checked again. */
export interface EditOutcome {
  readonly listing: OwnerListing;
  readonly recheck: boolean;
}

export async function editListing(
  db: Database,
  ownerId: string,
  listingId: string,
  patch: ListingPatch,
): Promise<EditOutcome> {
  return withTransaction(db.pool, async (client) => {
    const locked = await client.query('SELECT 1 FROM real_estate_listings WHERE id = $1 AND owner_id = $2 FOR UPDATE', [
      listingId,
      ownerId,
    ]);
    if (locked.rowCount === 0) throw listingNotFound();
    const current = await ownerListing(client, ownerId, listingId);
    if (current.status === 'sold') throw new AppError('CONFLICT', 'Cette annonce est vendue : elle ne change plus.');
    const place = patch.commune === undefined ? undefined : knownCommune(patch.commune);
    const phone = patch.contactPhone === undefined ? current.contactPhone : ivorianPhone(patch.contactPhone);
    const videoUrl = patch.videoUrl === undefined ? current.videoUrl : httpsUrl(patch.videoUrl);
    if (patch.agentId !== undefined) await checkAgent(client, ownerId, patch.agentId);
    if (patch.planCode !== undefined) await checkPlan(client, patch.planCode);
    const { rows } = await client.query<{
      lat_e6: number;
      lng_e6: number;
      public_lat_e6: number;
      public_lng_e6: number;
      city: string;
      commune: string;
    }>('SELECT lat_e6, lng_e6, public_lat_e6, public_lng_e6, city, commune FROM real_estate_properties WHERE id = $1', [
      current.propertyId,
    ]);
    const stored = rows[0];
    if (stored === undefined) throw listingNotFound();
    // A new commune without a point moves the property to the commune's centre; a new point is taken as given.
    const exact = {
      latE6: patch.latE6 ?? (place === undefined ? stored.lat_e6 : place.latE6),
      lngE6: patch.lngE6 ?? (place === undefined ? stored.lng_e6 : place.lngE6),
    };
    const fuzz = patch.fuzzPosition ?? current.fuzzPosition;
    const moved = exact.latE6 !== stored.lat_e6 || exact.lngE6 !== stored.lng_e6 || fuzz !== current.fuzzPosition;
    const shown = moved ? publicPoint(exact, fuzz) : { latE6: stored.public_lat_e6, lngE6: stored.public_lng_e6 };
    await client.query(
      `UPDATE real_estate_properties SET kind = $2, title = $3, description = $4, city = $5, commune = $6,
         neighbourhood = $7, lat_e6 = $8, lng_e6 = $9, public_lat_e6 = $10, public_lng_e6 = $11, fuzz_position = $12,
         area_m2 = $13, rooms = $14, bedrooms = $15, bathrooms = $16, furnished = $17, video_url = $18, updated_at = now()
       WHERE id = $1`,
      [
        current.propertyId,
        patch.kind ?? current.kind,
        patch.title?.trim() ?? current.title,
        patch.description ?? current.description,
        place?.city ?? stored.city,
        place?.commune ?? stored.commune,
        patch.neighbourhood ?? current.neighbourhood,
        exact.latE6,
        exact.lngE6,
        shown.latE6,
        shown.lngE6,
        fuzz,
        patch.areaM2 ?? current.areaM2,
        patch.rooms ?? current.rooms,
        patch.bedrooms ?? current.bedrooms,
        patch.bathrooms ?? current.bathrooms,
        patch.furnished ?? current.furnished,
        videoUrl,
      ],
    );
    await client.query(
      `UPDATE real_estate_listings SET agent_id = $2, deal = $3, price_xof = $4, charges_xof = $5, deposit_months = $6,
         advance_months = $7, plan_code = $8, contact_phone = $9, updated_at = now() WHERE id = $1`,
      [
        listingId,
        patch.agentId ?? current.agentId,
        patch.deal ?? current.deal,
        patch.priceXof ?? current.priceXof,
        patch.chargesXof ?? current.chargesXof,
        patch.depositMonths ?? current.depositMonths,
        patch.advanceMonths ?? current.advanceMonths,
        patch.planCode ?? current.planCode,
        phone,
      ],
    );
    const recheck =
      (patch.title !== undefined && patch.title.trim() !== current.title) ||
      (patch.description !== undefined && patch.description !== current.description) ||
      (patch.priceXof !== undefined && patch.priceXof !== current.priceXof) ||
      (patch.areaM2 !== undefined && patch.areaM2 !== current.areaM2) ||
      phone !== current.contactPhone;
    return { listing: await ownerListing(client, ownerId, listingId), recheck };
  });
}
