// Proves a provider's self-service (issue 24 items 1 and 3): only partners save a profile (403 before the body is
// read), unknown categories and communes are named in a 400, the exact position stays private while the public one is
// fuzzed once per position, the search text, KYC badge, rating and response time read as stored, availability is
// replaced as a whole within its bounds, offers need a price when fixed and stop at 30 active; every change audited.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceMetres, publicFuzzMetres } from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { activateAccount } from '../src/modules/identity/accounts.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';

const exact = { latE6: 5_360_123, lngE6: -3_967_456 };
const profileBody = (overrides: Record<string, unknown> = {}) => ({
  displayName: 'Koné Plomberie',
  headline: 'Fuites, chauffe-eau, WC',
  description: 'Plombier depuis 12 ans à Cocody.',
  categories: ['plumbing'],
  communes: ['cocody', 'Marcory'],
  city: 'Abidjan',
  position: exact,
  priceMinXof: 5_000,
  priceMaxXof: 50_000,
  bufferBeforeMinutes: 15,
  bufferAfterMinutes: 30,
  minNoticeMinutes: 120,
  horizonDays: 30,
  slotStepMinutes: 30,
  autoReleaseDays: 3,
  active: true,
  ...overrides,
});

const dayOffset = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe.each(testBackends)('services provider self-service on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  const call = (person: Person, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, headers: bearer(people[person]), ...(payload === undefined ? {} : { payload }) });
  const audits = async (action: string, subject: string): Promise<number> =>
    (await db.pool.query('SELECT 1 FROM audit_log WHERE action = $1 AND subject_id = $2', [action, subject]))
      .rowCount ?? 0;

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
    ({ db, app, people } = cloud);
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('refuses non-partners before the body, read-only staff, and unknown categories, communes or zones', async () => {
    for (const person of ['clientA', 'repA', 'chiefA', 'admin'] as const) {
      expect((await call(person, 'PUT', '/v1/services/me/profile', { nonsense: true })).statusCode, person).toBe(403);
      expect((await call(person, 'GET', '/v1/services/me/profile')).statusCode, person).toBe(403);
      expect((await call(person, 'POST', '/v1/services/me/offers', {})).statusCode, person).toBe(403);
      expect((await call(person, 'PUT', '/v1/services/me/availability', {})).statusCode, person).toBe(403);
    }
    expect((await call('staffA', 'PUT', '/v1/services/me/profile', profileBody())).statusCode).toBe(403);
    expect((await call('partnerA', 'GET', '/v1/services/me/profile')).statusCode).toBe(404);
    expect((await call('staffA', 'GET', '/v1/services/me/profile')).statusCode).toBe(404);
    const availability = await call('partnerA', 'PUT', '/v1/services/me/availability', { weekly: [], exceptions: [] });
    expect(availability.statusCode).toBe(404);
    const offer = { category: 'plumbing', title: 'Débouchage', pricing: 'quote', durationMinutes: 60 };
    expect((await call('partnerA', 'POST', '/v1/services/me/offers', offer)).statusCode).toBe(404);

    const unknownCategory = await call('partnerA', 'PUT', '/v1/services/me/profile', {
      ...profileBody(),
      categories: ['plumbing', 'astrology'],
    });
    expect(unknownCategory.statusCode).toBe(400);
    expect(unknownCategory.json<{ error: { message: string } }>().error.message).toContain('astrology');
    const unknownCommune = await call('partnerA', 'PUT', '/v1/services/me/profile', {
      ...profileBody(),
      communes: ['Cocody', 'Atlantis'],
    });
    expect(unknownCommune.statusCode).toBe(400);
    expect(unknownCommune.json<{ error: { message: string } }>().error.message).toContain('Atlantis');
    for (const bad of [
      { priceMinXof: 10_000, priceMaxXof: 5_000 },
      { timeZone: 'Mars/Olympus' },
      { categories: [] },
      { horizonDays: 61 },
      { slotStepMinutes: 20 },
      { position: { latE6: 91_000_000, lngE6: 0 } },
      { displayName: 'Koné\u0000' },
    ])
      expect(
        (await call('partnerA', 'PUT', '/v1/services/me/profile', profileBody(bad))).statusCode,
        JSON.stringify(bad),
      ).toBe(400);
    expect((await db.pool.query('SELECT 1 FROM service_providers')).rowCount).toBe(0);
  });

  it('saves the profile, keeps the exact position private and fuzzes the public one once per position', async () => {
    const saved = await call('partnerA', 'PUT', '/v1/services/me/profile', profileBody());
    expect(saved.statusCode, saved.body).toBe(200);
    const mine = saved.json<{
      position: unknown;
      publicPosition: { latE6: number; lngE6: number };
      communes: string[];
    }>();
    expect(mine.position).toEqual(exact);
    expect(mine.communes).toEqual(['Cocody', 'Marcory']);
    const fuzzed = mine.publicPosition;
    expect(fuzzed).not.toEqual(exact);
    expect(distanceMetres(fuzzed, exact)).toBeLessThanOrEqual(publicFuzzMetres + 1);
    expect((await call('staffA', 'GET', '/v1/services/me/profile')).json()).toEqual(saved.json());

    const id = people.partnerA.id;
    const publicAnswers = [
      await call('clientA', 'GET', `/v1/services/providers/${id}`),
      await call('clientA', 'GET', '/v1/services/providers?commune=Cocody'),
      await call('clientA', 'GET', '/v1/services/providers?q=plombier'),
    ];
    for (const answer of publicAnswers) {
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.body).not.toContain(String(exact.latE6));
      expect(answer.body).not.toContain(String(exact.lngE6));
      expect(answer.body).not.toContain('"position"');
    }
    const profile = publicAnswers[0]?.json<Record<string, unknown>>();
    expect(profile).toMatchObject({
      id,
      displayName: 'Koné Plomberie',
      publicPosition: fuzzed,
      priceMinXof: 5_000,
      priceMaxXof: 50_000,
      rating: { average: null, count: 0 },
      kycVerified: false,
      responseMinutes: null,
      photoId: null,
      hasFixedOffers: false,
      offers: [],
      photos: [],
      reviews: [],
      autoReleaseDays: 3,
      bufferBeforeMinutes: 15,
      bufferAfterMinutes: 30,
      timeZone: 'Africa/Abidjan',
    });

    // Saving again with the same position keeps the same fuzz (no fresh draw to average); a new position draws anew.
    const again = await call('partnerA', 'PUT', '/v1/services/me/profile', profileBody({ headline: 'Urgences 24/7' }));
    expect(again.json<{ publicPosition: unknown }>().publicPosition).toEqual(fuzzed);
    const moved = { latE6: 5_303_300, lngE6: -3_981_900 };
    const movedAnswer = await call('partnerA', 'PUT', '/v1/services/me/profile', profileBody({ position: moved }));
    const movedPublic = movedAnswer.json<{ publicPosition: { latE6: number; lngE6: number } }>().publicPosition;
    expect(distanceMetres(movedPublic, moved)).toBeLessThanOrEqual(publicFuzzMetres + 1);
    expect(movedPublic).not.toEqual(moved);
    const noPosition = await call('partnerA', 'PUT', '/v1/services/me/profile', profileBody({ position: null }));
    expect(noPosition.json()).toMatchObject({ position: null, publicPosition: null });
    await call('partnerA', 'PUT', '/v1/services/me/profile', profileBody());

    const { rows } = await db.pool.query<{ search_text: string }>(
      'SELECT search_text FROM service_providers WHERE account_id = $1',
      [id],
    );
    for (const word of ['Koné Plomberie', 'Fuites', 'Plomberie', 'Plumbing', 'plombier', 'Cocody', 'Marcory'])
      expect(rows[0]?.search_text).toContain(word);
    expect(await audits('services.profile_saved', id)).toBe(5);
    const detail = await db.pool.query<{ detail: unknown }>(
      "SELECT detail FROM audit_log WHERE action = 'services.profile_saved' AND subject_id = $1",
      [id],
    );
    expect(JSON.stringify(detail.rows)).not.toContain(String(exact.latE6));
  });

  it('reads the KYC badge from the account, the rating from its sums, the response time as stored', async () => {
    const id = people.partnerA.id;
    await withTransaction(db.pool, (client) => activateAccount(client, id, { label: 'test', place: 'test' }));
    await db.pool.query(
      'UPDATE service_providers SET rating_sum = 14, rating_count = 3, response_minutes = 42 WHERE account_id = $1',
      [id],
    );
    const profile = (await call('clientB', 'GET', `/v1/services/providers/${id}`)).json();
    expect(profile).toMatchObject({ kycVerified: true, rating: { average: 4.7, count: 3 }, responseMinutes: 42 });
    // Another partner's profile is its own: partner B has none, and an inactive provider is not found publicly.
    expect((await call('partnerB', 'GET', '/v1/services/me/profile')).statusCode).toBe(404);
    expect((await call('clientA', 'GET', `/v1/services/providers/${people.partnerB.id}`)).statusCode).toBe(404);
    await call('partnerA', 'PUT', '/v1/services/me/profile', profileBody({ active: false }));
    expect((await call('clientA', 'GET', `/v1/services/providers/${id}`)).statusCode).toBe(404);
    expect((await call('partnerA', 'GET', '/v1/services/me/profile')).json()).toMatchObject({ active: false });
    await call('partnerA', 'PUT', '/v1/services/me/profile', profileBody());
  });

  it('refuses overlapping, crowded, inverted or out-of-horizon availability, and replaces it as a whole', async () => {
    const put = (body: object) => call('partnerA', 'PUT', '/v1/services/me/availability', body);
    const crowded = Array.from({ length: 15 }, (_, i) => ({ weekday: 2, startMinute: i * 60, endMinute: i * 60 + 30 }));
    const bad: object[] = [
      {
        weekly: [
          { weekday: 0, startMinute: 480, endMinute: 720 },
          { weekday: 0, startMinute: 700, endMinute: 800 },
        ],
      },
      { weekly: crowded },
      { weekly: [{ weekday: 1, startMinute: 600, endMinute: 600 }] },
      { weekly: [{ weekday: 7, startMinute: 0, endMinute: 60 }] },
      { weekly: [{ weekday: 1, startMinute: 0, endMinute: 1441 }] },
      { exceptions: [{ day: dayOffset(31), hours: null }] },
      { exceptions: [{ day: dayOffset(-2), hours: null }] },
      { exceptions: [{ day: '2027-02-30', hours: null }] },
      {
        exceptions: [
          { day: dayOffset(3), hours: null },
          { day: dayOffset(3), hours: { startMinute: 0, endMinute: 60 } },
        ],
      },
      { exceptions: [{ day: dayOffset(3), hours: { startMinute: 600, endMinute: 500 } }] },
      { exceptions: Array.from({ length: 121 }, () => ({ day: dayOffset(3), hours: null })) },
    ];
    for (const body of bad) {
      const answer = await put({ weekly: [], exceptions: [], ...body });
      expect(answer.statusCode, JSON.stringify(body).slice(0, 120)).toBe(400);
    }
    const weekly = [
      { weekday: 0, startMinute: 480, endMinute: 720 },
      { weekday: 0, startMinute: 720, endMinute: 1080 },
      { weekday: 5, startMinute: 540, endMinute: 780 },
    ];
    const first = await put({ weekly, exceptions: [{ day: dayOffset(2), hours: null }] });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ weekly, exceptions: [{ day: dayOffset(2), hours: null }] });
    const exceptions = [{ day: dayOffset(5), hours: { startMinute: 600, endMinute: 660 } }];
    const second = await put({ weekly: [weekly[2]], exceptions });
    expect(second.json()).toMatchObject({ weekly: [weekly[2]], exceptions });
    expect(await audits('services.availability_saved', people.partnerA.id)).toBe(2);
  });

  it('checks offers: a price when fixed and none on quote, a known category, 30 active at most, own ones only', async () => {
    const post = (body: object, person: Person = 'partnerA') => call(person, 'POST', '/v1/services/me/offers', body);
    const fixed = {
      category: 'plumbing',
      title: 'Réparation de fuite',
      pricing: 'fixed',
      priceXof: 15_000,
      durationMinutes: 60,
    };
    expect((await post({ ...fixed, priceXof: undefined })).statusCode).toBe(400);
    expect((await post({ ...fixed, pricing: 'quote' })).statusCode).toBe(400);
    expect((await post({ ...fixed, priceXof: 0 })).statusCode).toBe(400);
    expect((await post({ ...fixed, durationMinutes: 10 })).statusCode).toBe(400);
    const unknown = await post({ ...fixed, category: 'astrology' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ error: { message: string } }>().error.message).toContain('astrology');
    expect((await post(fixed, 'staffA')).statusCode).toBe(403);
    expect((await post(fixed, 'clientA')).statusCode).toBe(403);

    const created = await post(fixed);
    expect(created.statusCode, created.body).toBe(201);
    const offer = created.json<{ id: string }>();
    expect(offer).toMatchObject({ ...fixed, taxGroup: 'CI-TVA-18', active: true });
    const path = `/v1/services/me/offers/${offer.id}`;
    expect((await call('partnerB', 'PATCH', path, { title: 'Volée' })).statusCode).toBe(404);
    expect((await call('partnerB', 'DELETE', path)).statusCode).toBe(404);
    expect((await call('partnerA', 'PATCH', path, {})).statusCode).toBe(400);
    expect((await call('partnerA', 'PATCH', path, { priceXof: null })).statusCode).toBe(400);
    expect((await call('partnerA', 'PATCH', `/v1/services/me/offers/${randomUUID()}`, { title: 'x' })).statusCode).toBe(
      404,
    );
    const toQuote = await call('partnerA', 'PATCH', path, { pricing: 'quote' });
    expect(toQuote.json()).toMatchObject({ pricing: 'quote', priceXof: null });
    await call('partnerA', 'PATCH', path, { pricing: 'fixed', priceXof: 12_000 });
    const card = (await call('clientA', 'GET', `/v1/services/providers/${people.partnerA.id}`)).json();
    expect(card).toMatchObject({
      hasFixedOffers: true,
      offers: [{ id: offer.id, pricing: 'fixed', priceXof: 12_000, durationMinutes: 60 }],
    });

    for (let i = 1; i < 29; i++) expect((await post({ ...fixed, title: `Offre ${String(i)}` })).statusCode).toBe(201);
    // Five racing additions for the last place: the count is taken under the provider's lock, so one gets it.
    const raced = await Promise.all(
      Array.from({ length: 5 }, (_, i) => post({ ...fixed, title: `Course ${String(i)}` })),
    );
    expect(raced.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    const full = await post({ ...fixed, title: 'Une de trop' });
    expect(full.statusCode).toBe(409);
    const removed = await call('partnerA', 'DELETE', path);
    expect(removed.json()).toMatchObject({ id: offer.id, active: false });
    expect((await post({ ...fixed, title: 'À la place' })).statusCode).toBe(201);
    // Reactivating the withdrawn offer would make 31.
    expect((await call('partnerA', 'PATCH', path, { active: true })).statusCode).toBe(409);
    const { rows } = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM service_offers WHERE provider_id = $1 AND active',
      [people.partnerA.id],
    );
    expect(rows[0]?.n).toBe(30);
    expect(await audits('services.offer_created', offer.id)).toBe(1);
    expect(await audits('services.offer_edited', offer.id)).toBe(3);
  });
});
