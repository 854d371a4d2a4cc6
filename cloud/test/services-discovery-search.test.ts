// Proves provider search and slots (issue 24 items 2 and 3): malformed queries and cursors are refused; French
// keywords find the right trade whatever their case, accents or word form; category, commune, distance (from the
// fuzzed public position, nearest first), rating and availability filters keep the right providers; the cursor pages
// without repeats or gaps although providers are saved between pages; slots follow the hours, exceptions, notice,
// buffers and live appointments, and an inactive provider has none (404).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceMetres, placeOf } from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import { saveAvailability, saveProfile } from '../src/modules/services/profile-save.js';
import type { ProfileInput } from '../src/modules/services/discovery-schemas.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';

interface Card {
  id: string;
  displayName: string;
  distanceMetres: number | null;
  publicPosition: { latE6: number; lngE6: number } | null;
  rating: { average: number | null; count: number };
}
interface Page {
  providers: Card[];
  next: string | null;
}

const allWeek = Array.from({ length: 7 }, (_, weekday) => ({ weekday, startMinute: 480, endMinute: 720 }));
const dayOffset = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe.each(testBackends)('services search and slots on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  const ids: Record<string, string> = {};
  const search = async (query: string, person: Person = 'clientA') => {
    const answer = await app.inject({
      method: 'GET',
      url: `/v1/services/providers?${query}`,
      headers: bearer(people[person]),
    });
    return { status: answer.statusCode, body: answer.body, page: answer.json<Page>() };
  };
  const names = (page: Page): string[] => page.providers.map((p) => p.displayName);

  /** A partner account with a provider profile, saved by the same code as the route. */
  async function provider(name: string, input: Partial<ProfileInput>, rating?: [number, number]): Promise<string> {
    const id = randomUUID();
    await db.pool.query(
      `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, status)
       VALUES ($1, 'partner', $2, $2, 'Test', $3, 'unused', 'active')`,
      [id, name, `${id.slice(0, 8)}@test.ismail.ci`],
    );
    await saveProfile(db, { accountId: id, label: 'test' }, id, {
      displayName: name,
      headline: '',
      description: '',
      categories: ['plumbing'],
      communes: ['Cocody'],
      city: 'Abidjan',
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 60,
      horizonDays: 30,
      slotStepMinutes: 60,
      autoReleaseDays: 3,
      active: true,
      ...input,
    });
    if (rating !== undefined)
      await db.pool.query('UPDATE service_providers SET rating_sum = $2, rating_count = $3 WHERE account_id = $1', [
        id,
        rating[0],
        rating[1],
      ]);
    ids[name] = id;
    return id;
  }

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
    ({ db, app, people } = cloud);
    const cocody = placeOf('Cocody');
    if (cocody === undefined) throw new Error('Cocody is a known commune');
    const near = (metres: number) => ({
      latE6: cocody.latE6 + Math.round((metres / 111_320) * 1e6),
      lngE6: cocody.lngE6,
    });
    await provider('Koné Plomberie', { position: near(1_000), description: 'Fuites et chauffe-eau.' }, [9, 2]);
    await provider('Bamba Services', { position: near(5_000), headline: 'Dépannage rapide' }, [5, 1]);
    await provider('Yao Électricité', { categories: ['electricity'], position: near(3_000) }, [12, 3]);
    await provider('Traoré Coiffure', { categories: ['beauty'], communes: ['Yopougon'], position: near(20_000) });
    await provider('Sans Position', { communes: ['Cocody', 'Marcory'] }, [4, 1]);
    await provider('En Pause', { active: false });
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('refuses malformed queries and cursors', async () => {
    for (const query of [
      'limit=51',
      'limit=0',
      'lat=5.3',
      'radiusKm=5',
      'commune=Atlantis',
      'minRating=6',
      'category=Plumbing!',
      'availableFrom=2026-12-10T00:00:00Z',
      'availableFrom=2026-12-10T10:00:00Z&availableTo=2026-12-10T09:00:00Z',
      'availableFrom=2026-12-01T00:00:00Z&availableTo=2027-01-15T00:00:00Z',
      'cursor=not-a-cursor',
      `cursor=${Buffer.from('{"m":"r","k":1,"id":"x"}').toString('base64url')}`,
    ])
      expect((await search(query)).status, query).toBe(400);
    const first = await search('commune=Cocody&limit=1');
    expect(first.page.next).not.toBeNull();
    // A distance cursor does not continue a rating-ordered search.
    expect((await search(`limit=1&cursor=${first.page.next ?? ''}`)).status).toBe(400);
  });

  it('finds trades by French keyword whatever the case, accents or word form, and by name', async () => {
    for (const q of ['plombier', 'Plombier', 'PLOMBERIE', 'plomberie', 'fuite'])
      expect(names((await search(`q=${encodeURIComponent(q)}`)).page), q).toContain('Koné Plomberie');
    expect(names((await search('q=plombier')).page)).not.toContain('Yao Électricité');
    for (const q of ['électricien', 'electricien', 'Electricité'])
      expect(names((await search(`q=${encodeURIComponent(q)}`)).page), q).toEqual(['Yao Électricité']);
    expect(names((await search('q=kone')).page)).toEqual(['Koné Plomberie']);
    expect(names((await search('q=depannage')).page)).toEqual(['Bamba Services']);
    expect(names((await search('q=astrologie')).page)).toEqual([]);
    // LIKE wildcards typed by the client match themselves only.
    expect(names((await search('q=%25')).page)).toEqual([]);
    expect(names((await search('q=pause')).page)).toEqual([]);
  });

  it('filters by category, commune and rating, sorts by rating without a place and by distance with one', async () => {
    expect(names((await search('category=beauty')).page)).toEqual(['Traoré Coiffure']);
    expect(names((await search('category=plumbing&commune=marcory')).page)).toEqual(['Sans Position']);
    // Rating order: 4.5 (Koné), 4.0 (Yao, Sans Position by id), 5.0 first (Bamba); unrated last.
    const byRating = (await search('')).page.providers;
    expect(byRating.map((p) => p.rating.average)).toEqual([5, 4.5, 4, 4, null]);
    expect(byRating.every((p) => p.distanceMetres === null)).toBe(true);
    expect(names((await search('minRating=4.5')).page)).toEqual(['Bamba Services', 'Koné Plomberie']);

    const cocody = placeOf('Cocody');
    if (cocody === undefined) throw new Error('Cocody is a known commune');
    const near = (await search('commune=Cocody')).page.providers;
    expect(near.map((p) => p.displayName)).toEqual([
      'Koné Plomberie',
      'Yao Électricité',
      'Bamba Services',
      'Sans Position',
    ]);
    for (const card of near) {
      if (card.publicPosition === null) expect(card.distanceMetres).toBeNull();
      // Measured from the public (fuzzed) position, not the exact one.
      else expect(Math.abs((card.distanceMetres ?? -1) - distanceMetres(card.publicPosition, cocody))).toBeLessThan(2);
    }
    const byPoint = await search(`lat=${String(cocody.latE6 / 1e6)}&lng=${String(cocody.lngE6 / 1e6)}&radiusKm=4`);
    expect(names(byPoint.page)).toEqual(['Koné Plomberie', 'Yao Électricité']);
    const yopougon = await search(
      `lat=${String(cocody.latE6 / 1e6)}&lng=${String(cocody.lngE6 / 1e6)}&radiusKm=30&category=beauty`,
    );
    expect(names(yopougon.page)).toEqual(['Traoré Coiffure']);
  });

  it('pages with a cursor that survives providers saved between pages', async () => {
    const walk = async (query: string, between?: () => Promise<void>): Promise<string[]> => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 20; i++) {
        const answer = await search(`${query}&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
        expect(answer.status, answer.body).toBe(200);
        seen.push(...names(answer.page));
        cursor = answer.page.next;
        if (cursor === null) break;
        if (i === 0) await between?.();
      }
      return seen;
    };
    const before = await walk('category=plumbing');
    expect(before).toEqual(['Bamba Services', 'Koné Plomberie', 'Sans Position']);
    // A top-rated plumber saved after the first page sorts before the cursor: the walk neither repeats nor skips.
    const during = await walk('category=plumbing', async () => {
      await provider('Nouveau Plombier', {}, [5, 1]);
    });
    expect(during).toEqual(before);
    expect(names((await search('category=plumbing&limit=50')).page)).toContain('Nouveau Plombier');
    const byDistance = await walk('commune=Cocody', async () => {
      await provider('Tout Près', { position: { latE6: 5_359_900, lngE6: -3_967_400 } });
    });
    // The two without a position sort last, by id (random here).
    expect(byDistance.slice(0, 3)).toEqual(['Koné Plomberie', 'Yao Électricité', 'Bamba Services']);
    expect(byDistance.slice(3).sort()).toEqual(['Nouveau Plombier', 'Sans Position']);
  });

  it('keeps providers with a free slot in the window, and lists slots by the rules', async () => {
    const actor = { accountId: people.admin.id, label: 'test' };
    await saveAvailability(db, actor, ids['Koné Plomberie'] ?? '', { weekly: allWeek, exceptions: [] });
    await saveAvailability(db, actor, ids['Yao Électricité'] ?? '', {
      weekly: allWeek,
      exceptions: [{ day: dayOffset(3), hours: null }],
    });
    const window = `availableFrom=${dayOffset(3)}T08:00:00Z&availableTo=${dayOffset(3)}T12:00:00Z`;
    expect(names((await search(window)).page).sort()).toEqual(['Koné Plomberie']);
    const later = `availableFrom=${dayOffset(4)}T08:00:00Z&availableTo=${dayOffset(4)}T12:00:00Z`;
    expect(names((await search(later)).page).sort()).toEqual(['Koné Plomberie', 'Yao Électricité']);

    const kone = ids['Koné Plomberie'] ?? '';
    const slots = (query: string, id = kone) =>
      app.inject({
        method: 'GET',
        url: `/v1/services/providers/${id}/slots?${query}`,
        headers: bearer(people.clientA),
      });
    for (const query of [
      `from=${dayOffset(1)}&days=32&durationMinutes=60`,
      `from=${dayOffset(1)}&days=2`,
      'from=2027-02-30&days=1&durationMinutes=60',
    ])
      expect((await slots(query)).statusCode, query).toBe(400);
    expect((await slots(`from=${dayOffset(1)}&days=1&durationMinutes=60`, ids['En Pause'])).statusCode).toBe(404);
    expect((await slots(`from=${dayOffset(1)}&days=1&durationMinutes=60`, randomUUID())).statusCode).toBe(404);
    expect((await slots(`from=${dayOffset(1)}&days=1&offerId=${randomUUID()}`)).statusCode).toBe(404);

    const free = await slots(`from=${dayOffset(3)}&days=2&durationMinutes=60`);
    expect(free.statusCode, free.body).toBe(200);
    const list = free.json<{ timeZone: string; slots: { startsAt: string; endsAt: string }[] }>();
    expect(list.timeZone).toBe('Africa/Abidjan');
    expect(list.slots.map((s) => s.startsAt.slice(11, 16))).toEqual([
      '08:00',
      '09:00',
      '10:00',
      '11:00',
      '08:00',
      '09:00',
      '10:00',
      '11:00',
    ]);

    // A live appointment at 09:00 with 30 min of buffer after it: a 60-min job (and its own buffer) fits at 11:00 only.
    await db.pool.query('UPDATE service_providers SET buffer_after_minutes = 30 WHERE account_id = $1', [kone]);
    const requestId = randomUUID();
    await db.pool.query(
      `INSERT INTO service_requests (id, client_id, category, description, commune, wished_from, wished_to, idempotency_key)
       VALUES ($1, $2, 'plumbing', 'Fuite', 'Cocody', now(), now() + interval '1 day', $3)`,
      [requestId, people.clientA.id, requestId],
    );
    const start = `${dayOffset(3)}T09:00:00Z`;
    await db.pool.query(
      `INSERT INTO service_appointments (id, request_id, client_id, provider_id, starts_at, ends_at, busy, status, title,
         lines, amount_xof, amount_centi, hold_id, auto_release_days, idempotency_key)
       VALUES ($1, $2, $3, $4, $5::timestamptz, $5::timestamptz + interval '1 hour',
         tstzrange($5::timestamptz, $5::timestamptz + interval '90 minutes'), 'booked', 'Fuite', '[]', 10000, 1000000, $6, 3, $7)`,
      [randomUUID(), requestId, people.clientA.id, kone, start, randomUUID(), randomUUID()],
    );
    const busy = (await slots(`from=${dayOffset(3)}&days=1&durationMinutes=60`)).json<{
      slots: { startsAt: string }[];
    }>();
    expect(busy.slots.map((s) => s.startsAt.slice(11, 16))).toEqual(['11:00']);
    // Today's slots respect the minimum notice: none starts within the next hour.
    const today = (await slots(`from=${dayOffset(0)}&days=1&durationMinutes=60`)).json<{
      slots: { startsAt: string }[];
    }>();
    for (const s of today.slots) expect(Date.parse(s.startsAt)).toBeGreaterThanOrEqual(Date.now() + 59 * 60_000);
  });
  it('checks free time over at most 200 candidates a page, and goes on after them on the next', async () => {
    // 200 masons rated 5, open only the day after the window, then one rated 1 open every day: the first page looks
    // at the 200 only.
    const openDay = (new Date(`${dayOffset(6)}T00:00:00Z`).getUTCDay() + 6) % 7;
    await db.pool.query(
      `WITH made AS (
         INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, status)
         SELECT gen_random_uuid(), 'partner', 'Maçon ' || n, 'Maçon', 'Test', 'macon' || n || '@test.ismail.ci', 'unused',
           'active' FROM generate_series(1, 200) AS n RETURNING id, display_name),
       providers AS (
         INSERT INTO service_providers (account_id, display_name, categories, communes, rating_sum, rating_count)
         SELECT id, display_name, '{masonry}', '{Cocody}', 5, 1 FROM made RETURNING account_id)
       INSERT INTO service_availability_rules (provider_id, weekday, start_minute, end_minute)
       SELECT account_id, $1, 480, 720 FROM providers`,
      [openDay],
    );
    const late = await provider('Maçon Disponible', { categories: ['masonry'] }, [1, 1]);
    await saveAvailability(db, { accountId: late, label: 'test' }, late, { weekly: allWeek, exceptions: [] });
    const window = `category=masonry&availableFrom=${dayOffset(5)}T08:00:00Z&availableTo=${dayOffset(5)}T12:00:00Z`;
    const started = Date.now();
    const first = await search(window);
    const elapsedMs = Date.now() - started;
    expect(first.status, first.body).toBe(200);
    expect(first.page.providers).toEqual([]);
    expect(first.page.next).not.toBeNull();
    const second = await search(`${window}&cursor=${first.page.next ?? ''}`);
    expect(names(second.page)).toEqual(['Maçon Disponible']);
    expect(second.page.next).toBeNull();
    // Measured at 0.8 s on the server and 1.5-2.8 s on PGlite on a loaded 2-core machine; 20 s means it broke.
    expect(elapsedMs).toBeLessThan(20_000);
  });
});
