// Proves Services photos (issue 24): what is not a photo is refused (400, 413 above 8 MB), a portfolio is a provider's
// and holds 12, an account uploads 50 request photos a day; uploads come back as WebP 320/1024 px without their EXIF;
// a request photo is seen only by its owner, the providers of a request listing it, the parties of a message or a
// dispute carrying it, and admins with the second factor; only the owner deletes one, not while something carries it.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';

const photo = (width: number, height: number, withExif = false): Promise<Buffer> => {
  const image = sharp({ create: { width, height, channels: 3, background: '#1565c0' } }).jpeg();
  return (
    withExif ? image.withExif({ IFD0: { Copyright: 'SECRET-OWNER', Artist: 'SECRET-ARTIST' } }) : image
  ).toBuffer();
};

describe.each(testBackends)('services photos on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let small: Buffer;
  const upload = (person: Person, query: string, body: Buffer | string, type = 'image/jpeg') =>
    app.inject({
      method: 'POST',
      url: `/v1/services/photos?${query}`,
      headers: { ...bearer(people[person]), 'content-type': type },
      payload: body,
    });
  const read = (person: Person, id: string, size = 'small') =>
    app.inject({ method: 'GET', url: `/v1/services/photos/${id}?size=${size}`, headers: bearer(people[person]) });
  const uploaded = async (person: Person, query: string, body?: Buffer): Promise<string> => {
    const answer = await upload(person, query, body ?? small);
    expect(answer.statusCode, answer.body).toBe(201);
    return answer.json<{ id: string }>().id;
  };

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
    ({ db, app, people } = cloud);
    small = await photo(100, 80);
    const profile = await app.inject({
      method: 'PUT',
      url: '/v1/services/me/profile',
      headers: bearer(people.partnerA),
      payload: {
        displayName: 'Koné Plomberie',
        headline: '',
        description: '',
        categories: ['plumbing'],
        communes: ['Cocody'],
        city: 'Abidjan',
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 60,
        horizonDays: 30,
        slotStepMinutes: 30,
        autoReleaseDays: 3,
        active: true,
      },
    });
    expect(profile.statusCode, profile.body).toBe(200);
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('refuses what is not a photo, too large a body, a portfolio to non-providers, and read-only staff', async () => {
    expect((await upload('clientA', '', small)).statusCode).toBe(400);
    expect((await upload('clientA', 'kind=album', small)).statusCode).toBe(400);
    expect((await upload('clientA', 'kind=request', 'bonjour')).statusCode).toBe(400);
    expect((await upload('clientA', 'kind=request', Buffer.from('%PDF-1.7 not an image'))).statusCode).toBe(400);
    expect((await upload('clientA', 'kind=request', Buffer.from('{"a":1}'), 'application/json')).statusCode).toBe(400);
    expect((await upload('clientA', 'kind=request', 'plain', 'text/plain')).statusCode).toBe(400);
    expect((await upload('clientA', 'kind=request', await photo(20, 20))).statusCode).toBe(400);
    expect((await upload('clientA', 'kind=request', Buffer.alloc(8 * 1_048_576 + 1, 0xff))).statusCode).toBe(413);
    expect((await upload('clientA', 'kind=portfolio', small)).statusCode).toBe(403);
    expect((await upload('partnerB', 'kind=portfolio', small)).statusCode).toBe(409);
    expect((await upload('staffA', 'kind=request', small)).statusCode).toBe(403);
    expect((await db.pool.query('SELECT 1 FROM service_photos')).rowCount).toBe(0);
  });

  it('stores WebP variants without EXIF, shows the portfolio on the profile, and stops at 12', async () => {
    const original = await photo(2000, 1500, true);
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const id = await uploaded('partnerA', 'kind=portfolio&caption=Salle%20de%20bain%20refaite', original);
    for (const [size, width] of [
      ['small', 320],
      ['large', 1024],
    ] as const) {
      const answer = await read('clientB', id, size);
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-type']).toBe('image/webp');
      const meta = await sharp(answer.rawPayload).metadata();
      expect(meta).toMatchObject({ format: 'webp', width });
      expect(meta.exif).toBeUndefined();
      expect(answer.rawPayload.includes(Buffer.from('SECRET'))).toBe(false);
    }
    const profile = await app.inject({
      method: 'GET',
      url: `/v1/services/providers/${people.partnerA.id}`,
      headers: bearer(people.clientB),
    });
    expect(profile.json()).toMatchObject({ photoId: id, photos: [{ id, caption: 'Salle de bain refaite' }] });
    for (let i = 1; i < 11; i++) await uploaded('partnerA', 'kind=portfolio');
    // Three racing uploads for the last place: one gets it.
    const raced = await Promise.all([1, 2, 3].map(() => upload('partnerA', 'kind=portfolio', small)));
    expect(raced.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect((await upload('partnerA', 'kind=portfolio', small)).statusCode).toBe(409);
    const audited = await db.pool.query("SELECT 1 FROM audit_log WHERE action = 'services.portfolio_photo_added'");
    expect(audited.rowCount).toBe(12);
    // Only its owner deletes it: another partner is told it does not exist.
    const path = `/v1/services/photos/${id}`;
    expect((await app.inject({ method: 'DELETE', url: path, headers: bearer(people.partnerB) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: path, headers: bearer(people.partnerA) })).statusCode).toBe(204);
    expect((await read('clientB', id)).statusCode).toBe(404);
    expect((await upload('partnerA', 'kind=portfolio', small)).statusCode).toBe(201);
  });

  it('shows a request photo only to the parties of what carries it, and admins with the second factor', async () => {
    const inRequest = await uploaded('clientA', 'kind=request');
    const inMessage = await uploaded('clientA', 'kind=request');
    const inDispute = await uploaded('partnerA', 'kind=request');
    const loose = await uploaded('clientA', 'kind=request');
    const status = async (person: Person, id: string) => (await read(person, id)).statusCode;
    expect(await status('clientA', inRequest)).toBe(200);
    for (const person of ['clientB', 'partnerA', 'staffA', 'partnerB', 'repA'] as const)
      expect(await status(person, inRequest), person).toBe(404);
    expect(await status('admin', inRequest)).toBe(200);
    expect(await status('adminNoMfa', inRequest)).toBe(403);

    // A request listing the photo, sent to partner A; a message carrying the other, between client A and partner B.
    const requestId = randomUUID();
    await db.pool.query(
      `INSERT INTO service_requests (id, client_id, category, description, commune, wished_from, wished_to, photo_ids,
         idempotency_key) VALUES ($1, $2, 'plumbing', 'Fuite', 'Cocody', now(), now() + interval '1 day', $3, $4)`,
      [requestId, people.clientA.id, [inRequest], randomUUID()],
    );
    await db.pool.query(
      "INSERT INTO service_providers (account_id, display_name, categories, communes) VALUES ($1, 'B', '{plumbing}', '{Cocody}')",
      [people.partnerB.id],
    );
    await db.pool.query('INSERT INTO service_request_providers (request_id, provider_id) VALUES ($1, $2)', [
      requestId,
      people.partnerA.id,
    ]);
    await db.pool.query(
      'INSERT INTO service_messages (id, request_id, provider_id, sender_id, body, photo_id) VALUES ($1, $2, $3, $4, $5, $6)',
      [randomUUID(), requestId, people.partnerB.id, people.clientA.id, '', inMessage],
    );
    expect(await status('partnerA', inRequest)).toBe(200);
    expect(await status('staffA', inRequest)).toBe(200);
    expect(await status('partnerB', inRequest)).toBe(404);
    expect(await status('partnerB', inMessage)).toBe(200);
    expect(await status('partnerA', inMessage)).toBe(404);
    expect(await status('clientB', inMessage)).toBe(404);

    // A dispute between client B and partner A, with partner A's photo as evidence.
    const appointmentId = randomUUID();
    const requestB = randomUUID();
    await db.pool.query(
      `INSERT INTO service_requests (id, client_id, category, description, commune, wished_from, wished_to,
         idempotency_key) VALUES ($1, $2, 'plumbing', 'Fuite', 'Cocody', now(), now() + interval '1 day', $3)`,
      [requestB, people.clientB.id, randomUUID()],
    );
    await db.pool.query(
      `INSERT INTO service_appointments (id, request_id, client_id, provider_id, starts_at, ends_at, busy, status, title,
         lines, amount_xof, amount_centi, hold_id, auto_release_days, idempotency_key)
       VALUES ($1, $2, $3, $4, now() - interval '2 days', now() - interval '47 hours',
         tstzrange(now() - interval '2 days', now() - interval '47 hours'), 'disputed', 'Fuite', '[]', 10000, 1000000,
         $5, 3, $6)`,
      [appointmentId, requestB, people.clientB.id, people.partnerA.id, randomUUID(), randomUUID()],
    );
    await db.pool.query(
      `INSERT INTO service_disputes (id, appointment_id, opened_by, reason, evidence_photo_ids, answer_due_at)
       VALUES ($1, $2, $3, 'Travail mal fait', $4, now() + interval '3 days')`,
      [randomUUID(), appointmentId, people.partnerA.id, [inDispute]],
    );
    expect(await status('clientB', inDispute)).toBe(200);
    expect(await status('clientA', inDispute)).toBe(404);

    // The owner deletes a loose photo, not one that a request, a message or a dispute carries.
    const del = async (person: Person, id: string) =>
      (await app.inject({ method: 'DELETE', url: `/v1/services/photos/${id}`, headers: bearer(people[person]) }))
        .statusCode;
    expect(await del('clientB', loose)).toBe(404);
    expect(await del('clientA', inRequest)).toBe(409);
    expect(await del('clientA', inMessage)).toBe(409);
    expect(await del('partnerA', inDispute)).toBe(409);
    expect(await del('clientA', loose)).toBe(204);
    expect(await status('clientA', loose)).toBe(404);
  });

  it('lets an account upload 50 request photos a day', async () => {
    await db.pool.query(
      `INSERT INTO service_photos (id, owner_id, kind, small_webp, large_webp)
       SELECT gen_random_uuid(), $1, 'request', '\\x00', '\\x00' FROM generate_series(1, 49)`,
      [people.clientB.id],
    );
    expect((await upload('clientB', 'kind=request', small)).statusCode).toBe(201);
    const refused = await upload('clientB', 'kind=request', small);
    expect(refused.statusCode).toBe(429);
    expect(refused.json<{ error: { message: string } }>().error.message).toContain('50 photos');
    // Yesterday's uploads no longer count.
    await db.pool.query("UPDATE service_photos SET created_at = now() - interval '25 hours' WHERE owner_id = $1", [
      people.clientB.id,
    ]);
    expect((await upload('clientB', 'kind=request', small)).statusCode).toBe(201);
  });
});
