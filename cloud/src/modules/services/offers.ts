/**
 * A provider's offers: fixed-price ones (booked directly on a free slot, so they need a price) and on-quote ones.
 * At most `activeOffersMax` active per provider, counted under a lock on the provider's row so two racing creations
 * cannot both pass. Deleting deactivates: appointments keep pointing at the offer they were booked from. Audited.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { Offer, OfferEdit, OfferInput } from './discovery-schemas.js';
import type { Actor } from './profile-save.js';

/** A profile lists its offers in one screen; more than this is a catalogue, not a craft. */
export const activeOffersMax = 30;
const defaultTaxGroup = 'CI-TVA-18';

interface OfferRow {
  id: string;
  category: string;
  title: string;
  pricing: 'fixed' | 'quote';
  price_xof: string | null;
  duration_minutes: number;
  tax_group: string;
  active: boolean;
}

const toOffer = (r: OfferRow): Offer => ({
  id: r.id,
  category: r.category,
  title: r.title,
  pricing: r.pricing,
  priceXof: r.price_xof === null ? null : Number(r.price_xof),
  durationMinutes: r.duration_minutes,
  taxGroup: r.tax_group,
  active: r.active,
});

async function lockProvider(client: pg.PoolClient, providerId: string): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM service_providers WHERE account_id = $1 FOR UPDATE', [
    providerId,
  ]);
  if (rowCount === 0) throw new AppError('NOT_FOUND', 'Créez d’abord votre profil de prestataire, puis vos offres.');
}

async function checkCategory(client: pg.PoolClient, code: string): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM service_categories WHERE code = $1', [code]);
  if (rowCount === 0) throw new AppError('VALIDATION_FAILED', `La catégorie « ${code} » n’existe pas.`);
}

function checkPrice(pricing: 'fixed' | 'quote', priceXof: number | null): void {
  if (pricing === 'fixed' && priceXof === null)
    throw new AppError('VALIDATION_FAILED', 'Une offre à prix fixe a besoin de son prix (priceXof).');
  if (pricing === 'quote' && priceXof !== null)
    throw new AppError('VALIDATION_FAILED', 'Une offre sur devis n’a pas de prix fixe : retirez priceXof.');
}

async function checkRoom(client: pg.PoolClient, providerId: string): Promise<void> {
  const { rows } = await client.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM service_offers WHERE provider_id = $1 AND active',
    [providerId],
  );
  if ((rows[0]?.n ?? 0) >= activeOffersMax)
    throw new AppError(
      'CONFLICT',
      `Vous avez déjà ${String(activeOffersMax)} offres actives : désactivez-en une avant d’en ajouter.`,
    );
}

export async function createOffer(db: Database, actor: Actor, providerId: string, input: OfferInput): Promise<Offer> {
  const priceXof = input.priceXof ?? null;
  checkPrice(input.pricing, priceXof);
  return withTransaction(db.pool, async (client) => {
    await lockProvider(client, providerId);
    await checkCategory(client, input.category);
    await checkRoom(client, providerId);
    const { rows } = await client.query<OfferRow>(
      `INSERT INTO service_offers (id, provider_id, category, title, pricing, price_xof, duration_minutes, tax_group)
       VALUES ($8, $1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [
        providerId,
        input.category,
        input.title,
        input.pricing,
        priceXof,
        input.durationMinutes,
        input.taxGroup ?? defaultTaxGroup,
        randomUUID(),
      ],
    );
    const offer = toOffer(rows[0] as OfferRow);
    await appendAudit(client, {
      actor,
      action: 'services.offer_created',
      subject: { type: 'service_offer', id: offer.id },
      place: 'cloud',
      detail: { providerId, pricing: offer.pricing, priceXof: offer.priceXof, category: offer.category },
    });
    return offer;
  });
}

/** Changes some fields of the provider's own offer (another provider's is not found); reactivating counts. */
export async function editOffer(
  db: Database,
  actor: Actor,
  providerId: string,
  offerId: string,
  edit: OfferEdit,
): Promise<Offer> {
  return withTransaction(db.pool, async (client) => {
    await lockProvider(client, providerId);
    const { rows } = await client.query<OfferRow>(
      'SELECT * FROM service_offers WHERE id = $1 AND provider_id = $2 FOR UPDATE',
      [offerId, providerId],
    );
    const current = rows[0];
    if (current === undefined) throw new AppError('NOT_FOUND', 'Offre introuvable.');
    const before = toOffer(current);
    const after: Offer = {
      ...before,
      ...(edit.category === undefined ? {} : { category: edit.category }),
      ...(edit.title === undefined ? {} : { title: edit.title }),
      ...(edit.pricing === undefined ? {} : { pricing: edit.pricing }),
      ...(edit.priceXof === undefined ? {} : { priceXof: edit.priceXof }),
      ...(edit.durationMinutes === undefined ? {} : { durationMinutes: edit.durationMinutes }),
      ...(edit.taxGroup === undefined ? {} : { taxGroup: edit.taxGroup }),
      ...(edit.active === undefined ? {} : { active: edit.active }),
    };
    // Turning a fixed offer into a quote drops its price unless the caller sent one (refused below).
    if (edit.pricing === 'quote' && edit.priceXof === undefined) after.priceXof = null;
    checkPrice(after.pricing, after.priceXof);
    if (after.category !== before.category) await checkCategory(client, after.category);
    if (after.active && !before.active) await checkRoom(client, providerId);
    const updated = await client.query<OfferRow>(
      `UPDATE service_offers SET category = $2, title = $3, pricing = $4, price_xof = $5, duration_minutes = $6,
         tax_group = $7, active = $8 WHERE id = $1 RETURNING *`,
      [
        offerId,
        after.category,
        after.title,
        after.pricing,
        after.priceXof,
        after.durationMinutes,
        after.taxGroup,
        after.active,
      ],
    );
    await appendAudit(client, {
      actor,
      action: 'services.offer_edited',
      subject: { type: 'service_offer', id: offerId },
      place: 'cloud',
      detail: { providerId, changed: Object.keys(edit), before, after },
    });
    return toOffer(updated.rows[0] as OfferRow);
  });
}

export const deactivateOffer = (db: Database, actor: Actor, providerId: string, offerId: string): Promise<Offer> =>
  editOffer(db, actor, providerId, offerId, { active: false });
