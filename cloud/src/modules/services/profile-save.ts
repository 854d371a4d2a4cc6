/**
 * A provider saves its profile and its availability (issue 24 items 1 and 3), each replaced as a whole, checked and
 * audited in the same transaction. The public position is drawn once, when the exact position changes, from a
 * cryptographic random source: saving again never draws a new one, so repeated looks cannot average the fuzz away.
 * Never writes the exact position into anything public (search text, audit detail).
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { AppError, fuzzPosition, instantToLocal, placeOf } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { weeklyMaxPerDay, type AvailabilityInput, type ProfileInput } from './discovery-schemas.js';

export interface Actor {
  readonly accountId: string;
  readonly label: string;
}

/** search_text's bound in the table. */
const searchTextMax = 6000;
const defaultTimeZone = 'Africa/Abidjan';

const invalid = (message: string): AppError => new AppError('VALIDATION_FAILED', message);

function checkedTimeZone(zone: string | undefined): string {
  if (zone === undefined) return defaultTimeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format(0);
    return zone;
  } catch {
    throw invalid(`Le fuseau horaire « ${zone} » n’existe pas.`);
  }
}

/** Two uniform numbers in [0, 1) from the system's cryptographic source (never Math.random). */
function cryptoPair(): [number, number] {
  const bytes = randomBytes(8);
  return [bytes.readUInt32BE(0) / 2 ** 32, bytes.readUInt32BE(4) / 2 ** 32];
}

const clamp = (v: number, limit: number): number => Math.max(-limit, Math.min(limit, v));

async function categoriesOf(client: pg.PoolClient, codes: readonly string[]) {
  const { rows } = await client.query<{ code: string; label_fr: string; label_en: string; keywords: string }>(
    'SELECT code, label_fr, label_en, keywords FROM service_categories WHERE code = ANY($1::text[])',
    [codes],
  );
  const unknown = codes.find((c) => !rows.some((r) => r.code === c));
  if (unknown !== undefined) throw invalid(`La catégorie « ${unknown} » n’existe pas.`);
  return rows;
}

/** The communes under their canonical spelling ("cocody" → "Cocody"), each once; an unknown one is named. */
export function checkedCommunes(communes: readonly string[]): string[] {
  const names = communes.map((c) => {
    const place = placeOf(c);
    if (place === undefined) throw invalid(`La commune « ${c} » n’est pas desservie par ISMAIL.`);
    return place.commune;
  });
  return [...new Set(names)];
}

/** Creates or replaces the provider's profile; returns whether it was created. */
export async function saveProfile(db: Database, actor: Actor, providerId: string, input: ProfileInput) {
  const communes = checkedCommunes(input.communes);
  const timeZone = checkedTimeZone(input.timeZone);
  const priceMin = input.priceMinXof ?? null;
  const priceMax = input.priceMaxXof ?? null;
  if (priceMin !== null && priceMax !== null && priceMax < priceMin)
    throw invalid('Le prix maximum doit être supérieur ou égal au prix minimum.');
  const position = input.position ?? null;
  return withTransaction(db.pool, async (client) => {
    const categories = await categoriesOf(client, input.categories);
    const current = await client.query<{
      lat_e6: number | null;
      lng_e6: number | null;
      public_lat_e6: number | null;
      public_lng_e6: number | null;
    }>('SELECT lat_e6, lng_e6, public_lat_e6, public_lng_e6 FROM service_providers WHERE account_id = $1 FOR UPDATE', [
      providerId,
    ]);
    const before = current.rows[0];
    const samePosition =
      before !== undefined &&
      (position === null
        ? before.lat_e6 === null
        : before.lat_e6 === position.latE6 && before.lng_e6 === position.lngE6);
    let publicPosition: { latE6: number; lngE6: number } | null = null;
    if (samePosition && before.public_lat_e6 !== null && before.public_lng_e6 !== null)
      publicPosition = { latE6: before.public_lat_e6, lngE6: before.public_lng_e6 };
    else if (position !== null) {
      const fuzzed = fuzzPosition(position, cryptoPair());
      publicPosition = { latE6: clamp(fuzzed.latE6, 90_000_000), lngE6: clamp(fuzzed.lngE6, 180_000_000) };
    }
    const searchText = [
      input.displayName,
      input.headline,
      input.description,
      ...categories.flatMap((c) => [c.label_fr, c.label_en, c.keywords]),
      ...communes,
      input.city,
    ]
      .filter((s) => s !== '')
      .join(' ')
      .slice(0, searchTextMax);
    await client.query(
      `INSERT INTO service_providers (account_id, display_name, headline, description, categories, communes, city,
         lat_e6, lng_e6, public_lat_e6, public_lng_e6, price_min_xof, price_max_xof, time_zone, buffer_before_minutes,
         buffer_after_minutes, min_notice_minutes, horizon_days, slot_step_minutes, auto_release_days, active, search_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
       ON CONFLICT (account_id) DO UPDATE SET display_name = $2, headline = $3, description = $4, categories = $5,
         communes = $6, city = $7, lat_e6 = $8, lng_e6 = $9, public_lat_e6 = $10, public_lng_e6 = $11,
         price_min_xof = $12, price_max_xof = $13, time_zone = $14, buffer_before_minutes = $15,
         buffer_after_minutes = $16, min_notice_minutes = $17, horizon_days = $18, slot_step_minutes = $19,
         auto_release_days = $20, active = $21, search_text = $22, updated_at = now()`,
      [
        providerId,
        input.displayName,
        input.headline,
        input.description,
        input.categories,
        communes,
        input.city,
        position?.latE6 ?? null,
        position?.lngE6 ?? null,
        publicPosition?.latE6 ?? null,
        publicPosition?.lngE6 ?? null,
        priceMin,
        priceMax,
        timeZone,
        input.bufferBeforeMinutes,
        input.bufferAfterMinutes,
        input.minNoticeMinutes,
        input.horizonDays,
        input.slotStepMinutes,
        input.autoReleaseDays,
        input.active,
        searchText,
      ],
    );
    await appendAudit(client, {
      actor,
      action: 'services.profile_saved',
      subject: { type: 'service_provider', id: providerId },
      place: 'cloud',
      // The exact position is private: the audit says whether it moved, not where to.
      detail: {
        created: before === undefined,
        positionChanged: !samePosition,
        categories: input.categories,
        communes,
        active: input.active,
        autoReleaseDays: input.autoReleaseDays,
      },
    });
    return { created: before === undefined };
  });
}

const dayMs = 86_400_000;

function checkedDay(day: string): number {
  const at = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== day)
    throw invalid(`${day} n’est pas une date du calendrier.`);
  return at;
}

const weekdayNames = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** Weekly hours: each interval inside its day, at most `weeklyMaxPerDay` a day, none overlapping another. */
export function checkWeekly(weekly: AvailabilityInput['weekly']): void {
  for (let weekday = 0; weekday < 7; weekday++) {
    const day = weekly.filter((w) => w.weekday === weekday).sort((a, b) => a.startMinute - b.startMinute);
    const name = weekdayNames[weekday] ?? String(weekday);
    if (day.length > weeklyMaxPerDay)
      throw invalid(`Au plus ${String(weeklyMaxPerDay)} plages horaires par jour (${name}).`);
    day.forEach((w, i) => {
      if (w.endMinute <= w.startMinute) throw invalid(`Une plage du ${name} finit avant de commencer.`);
      const previous = day[i - 1];
      if (previous !== undefined && w.startMinute < previous.endMinute)
        throw invalid(`Deux plages horaires du ${name} se chevauchent.`);
    });
  }
}

/** Replaces the provider's weekly hours and exceptions; exceptions lie between today and the horizon, local time. */
export async function saveAvailability(
  db: Database,
  actor: Actor,
  providerId: string,
  input: AvailabilityInput,
  now: Date = new Date(),
): Promise<void> {
  checkWeekly(input.weekly);
  const days = new Set<string>();
  for (const e of input.exceptions) {
    checkedDay(e.day);
    if (days.has(e.day)) throw invalid(`Le ${e.day} a deux exceptions : gardez-en une.`);
    days.add(e.day);
    if (e.hours !== null && e.hours.endMinute <= e.hours.startMinute)
      throw invalid(`Les horaires du ${e.day} finissent avant de commencer.`);
  }
  await withTransaction(db.pool, async (client) => {
    const { rows } = await client.query<{ horizon_days: number; time_zone: string }>(
      'SELECT horizon_days, time_zone FROM service_providers WHERE account_id = $1 FOR UPDATE',
      [providerId],
    );
    const provider = rows[0];
    if (provider === undefined)
      throw new AppError('NOT_FOUND', 'Créez d’abord votre profil de prestataire, puis vos horaires.');
    const today = checkedDay(instantToLocal(now, provider.time_zone).day);
    const last = today + provider.horizon_days * dayMs;
    for (const e of input.exceptions) {
      const at = checkedDay(e.day);
      if (at < today || at > last)
        throw invalid(
          `Le ${e.day} est hors de votre horizon de réservation (aujourd’hui à ${String(provider.horizon_days)} jours).`,
        );
    }
    await client.query('DELETE FROM service_availability_rules WHERE provider_id = $1', [providerId]);
    await client.query('DELETE FROM service_availability_exceptions WHERE provider_id = $1', [providerId]);
    if (input.weekly.length > 0)
      await client.query(
        `INSERT INTO service_availability_rules (provider_id, weekday, start_minute, end_minute)
         SELECT $1, * FROM unnest($2::smallint[], $3::int[], $4::int[])`,
        [
          providerId,
          input.weekly.map((w) => w.weekday),
          input.weekly.map((w) => w.startMinute),
          input.weekly.map((w) => w.endMinute),
        ],
      );
    if (input.exceptions.length > 0)
      await client.query(
        `INSERT INTO service_availability_exceptions (provider_id, day, start_minute, end_minute)
         SELECT $1, * FROM unnest($2::date[], $3::int[], $4::int[])`,
        [
          providerId,
          input.exceptions.map((e) => e.day),
          input.exceptions.map((e) => e.hours?.startMinute ?? null),
          input.exceptions.map((e) => e.hours?.endMinute ?? null),
        ],
      );
    await appendAudit(client, {
      actor,
      action: 'services.availability_saved',
      subject: { type: 'service_provider', id: providerId },
      place: 'cloud',
      detail: { weekly: input.weekly, exceptions: input.exceptions.length },
    });
  });
}
