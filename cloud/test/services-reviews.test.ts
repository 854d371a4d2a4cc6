// Proves the Services reviews (issue 24 item 7): only the appointment's client reviews it, once it is completed and
// within 14 days, once (also when two arrive together), with 1 to 5 whole stars, and the provider's rating moves with
// it; only that provider answers, once; anyone signed in reports a review once; admins with the second factor list
// the open reports and keep or hide the review (audited), and a hidden review leaves the rating and takes no answer
// or report.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';
import { insertAppointment, insertProvider, insertRequest } from './support/services-conversation-fixtures.js';

interface Review {
  id: string;
  stars: number;
  body: string;
  clientName: string;
  answer: string | null;
}
interface Report {
  id: string;
  reviewId: string;
  status: string;
  reporterName?: string;
  review?: Review & { providerName: string };
}

describe.each(testBackends)('services reviews on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let requestId: string;
  let reviewId: string;
  let daysAhead = 0;
  const call = (person: Person, url: string, payload?: object, method: 'GET' | 'POST' = 'POST') =>
    app.inject({ method, url, headers: bearer(people[person]), ...(payload === undefined ? {} : { payload }) });
  const appointment = (status: string, completedDaysAgo?: number) =>
    insertAppointment(db, {
      requestId,
      clientId: people.clientA.id,
      providerId: people.partnerA.id,
      status,
      daysAhead: (daysAhead += 1),
      ...(completedDaysAgo === undefined ? {} : { completedDaysAgo }),
    });
  const review = (person: Person, appointmentId: string, payload: object) =>
    call(person, `/v1/services/appointments/${appointmentId}/review`, payload);
  const rating = async () =>
    (
      await db.pool.query<{ rating_sum: number; rating_count: number }>(
        'SELECT rating_sum, rating_count FROM service_providers WHERE account_id = $1',
        [people.partnerA.id],
      )
    ).rows[0];

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
    ({ db, app, people } = cloud);
    await insertProvider(db, people.partnerA.id, 'Plomberie Test A');
    requestId = await insertRequest(db, people.clientA.id, [people.partnerA.id]);
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('refuses others, unfinished and expired appointments, bad stars and a second review', async () => {
    const completed = await appointment('completed', 1);
    const ok = { stars: 4, body: 'Travail propre, à l’heure.' };
    expect((await review('clientB', completed, ok)).statusCode).toBe(404);
    expect((await review('partnerA', completed, ok)).statusCode).toBe(404);
    expect((await review('staffA', completed, ok)).statusCode).toBe(403);
    expect((await review('clientA', randomUUID(), ok)).statusCode).toBe(404);
    // Whole stars 1 to 5 (the app's validator coerces "4" to 4, so a string is no refusal case).
    for (const stars of [0, 6, 2.5, -1, null])
      expect((await review('clientA', completed, { stars, body: 'x' })).statusCode, String(stars)).toBe(400);
    expect((await review('clientA', completed, { stars: 4, body: 'x'.repeat(2001) })).statusCode).toBe(400);
    expect((await review('clientA', completed, { stars: 4 })).statusCode).toBe(400);
    expect((await review('clientA', await appointment('done'), ok)).statusCode).toBe(409);
    expect((await review('clientA', await appointment('booked'), ok)).statusCode).toBe(409);
    expect((await review('clientA', await appointment('completed', 15), ok)).statusCode).toBe(409);
    expect(await rating()).toEqual({ rating_sum: 0, rating_count: 0 });

    const created = await review('clientA', completed, ok);
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json<Review>();
    expect(body).toMatchObject({ stars: 4, body: ok.body, answer: null });
    expect(body.clientName).toMatch(/^clienta [A-Z]\.$|^ClientA/i);
    reviewId = body.id;
    expect((await review('clientA', completed, { stars: 1, body: 'Finalement non' })).statusCode).toBe(409);
    expect(await rating()).toEqual({ rating_sum: 4, rating_count: 1 });
    // Within the window still: 13 days after completion.
    expect((await review('clientA', await appointment('completed', 13), { stars: 5, body: '' })).statusCode).toBe(201);
    expect(await rating()).toEqual({ rating_sum: 9, rating_count: 2 });
  });

  it('takes one review of two sent together, and counts it once', async () => {
    const completed = await appointment('completed', 2);
    const answers = await Promise.all([
      review('clientA', completed, { stars: 3, body: 'Premier envoi' }),
      review('clientA', completed, { stars: 3, body: 'Double tape' }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect(await rating()).toEqual({ rating_sum: 12, rating_count: 3 });
  });

  it('lets only the provider answer, once', async () => {
    const answer = (person: Person, text: unknown) =>
      call(person, `/v1/services/reviews/${reviewId}/answer`, { answer: text });
    expect((await answer('clientA', 'Merci')).statusCode).toBe(403);
    expect((await answer('partnerB', 'Merci')).statusCode).toBe(403);
    expect((await answer('staffA', 'Merci')).statusCode).toBe(403);
    expect(
      (await call('partnerA', `/v1/services/reviews/${randomUUID()}/answer`, { answer: 'Merci' })).statusCode,
    ).toBe(404);
    expect((await answer('partnerA', '')).statusCode).toBe(400);
    expect((await answer('partnerA', '   ')).statusCode).toBe(400);
    expect((await answer('partnerA', 'x'.repeat(2001))).statusCode).toBe(400);
    const answered = await answer('partnerA', 'Merci Madame, à votre service.');
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json<Review>().answer).toBe('Merci Madame, à votre service.');
    expect((await answer('partnerA', 'Encore merci')).statusCode).toBe(409);
  });

  it('takes one report per person, and lets admins keep or hide the review, audited', async () => {
    const report = (person: Person, id: string, reason: unknown) =>
      call(person, `/v1/services/reviews/${id}/reports`, { reason });
    expect((await report('clientB', randomUUID(), 'Injurieux')).statusCode).toBe(404);
    expect((await report('clientB', reviewId, '')).statusCode).toBe(400);
    expect((await report('clientB', reviewId, 'x'.repeat(501))).statusCode).toBe(400);
    expect((await report('staffA', reviewId, 'Faux')).statusCode).toBe(403);
    const first = await report('clientB', reviewId, 'Propos injurieux');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<Report>()).toMatchObject({ reviewId, status: 'open' });
    expect((await report('clientB', reviewId, 'Encore')).statusCode).toBe(409);
    expect((await report('partnerA', reviewId, 'Ce client n’est jamais venu')).statusCode).toBe(201);

    const list = (person: Person) => call(person, '/v1/admin/services/review-reports', undefined, 'GET');
    expect((await list('clientA')).statusCode).toBe(403);
    expect((await list('partnerA')).statusCode).toBe(403);
    expect((await list('adminNoMfa')).statusCode).toBe(403);
    const open = (await list('admin')).json<{ reports: Report[] }>().reports;
    expect(open).toHaveLength(2);
    expect(open[0]?.review).toMatchObject({ id: reviewId, stars: 4, providerName: 'Plomberie Test A' });
    const [kept, hidden] = open;
    const decide = (person: Person, id: string, hide: unknown) =>
      call(person, `/v1/admin/services/review-reports/${id}/decision`, { hide });
    expect((await decide('clientA', String(kept?.id), false)).statusCode).toBe(403);
    expect((await decide('adminNoMfa', String(kept?.id), false)).statusCode).toBe(403);
    expect((await decide('admin', String(kept?.id), 'non')).statusCode).toBe(400);
    expect((await decide('admin', randomUUID(), false)).statusCode).toBe(404);
    expect((await decide('admin', String(kept?.id), false)).json<Report>().status).toBe('kept');
    expect((await decide('admin', String(kept?.id), true)).statusCode).toBe(409);
    expect(await rating()).toEqual({ rating_sum: 12, rating_count: 3 });

    expect((await decide('admin', String(hidden?.id), true)).json<Report>().status).toBe('hidden');
    expect(await rating()).toEqual({ rating_sum: 8, rating_count: 2 });
    expect((await decide('admin', String(hidden?.id), true)).statusCode).toBe(409);
    expect((await list('admin')).json<{ reports: Report[] }>().reports).toEqual([]);
    const audited = await db.pool.query<{ action: string; actor_account_id: string }>(
      "SELECT action, actor_account_id FROM audit_log WHERE subject_type = 'service_review' AND subject_id = $1 ORDER BY seq",
      [reviewId],
    );
    expect(audited.rows).toEqual([
      { action: 'services.review.kept', actor_account_id: people.admin.id },
      { action: 'services.review.hidden', actor_account_id: people.admin.id },
    ]);
    // Hidden: gone for reports and answers.
    expect((await report('clientA', reviewId, 'Aussi')).statusCode).toBe(404);
    expect((await call('partnerA', `/v1/services/reviews/${reviewId}/answer`, { answer: 'Merci' })).statusCode).toBe(
      404,
    );
  });
});
