// Proves the holder's side of KYC and the card for the client portal (issue 22): a newcomer
// reads their own KYC status (with the upload limits) through draft, review, rejection with
// its reason and approval; their card in force, a fresh dynamic code the cloud signs (accepted
// once, then REPLAYED), the printed card as PDF and PNG; and the history of checks of their
// card, which no one else reads (anonymous refused, another client sees none of it).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { kycConsentVersion } from '../src/modules/kyc/routes.js';
import { testBackends } from './support/databases.js';
import { decideCase, newcomer as newcomerOf, submittedCase as submittedCaseOf } from './support/kyc-holder.js';
import { openTestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';

describe.each(testBackends)('the holder’s KYC status and card on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;

  beforeAll(async () => {
    ({ db, app, people } = await openTestCloud(backend, { logLevel: 'silent', seedRates: false }));
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const newcomer = () => newcomerOf(app);
  const submittedCase = (headers: Record<string, string>) => submittedCaseOf(app, headers);
  const mine = async (headers: Record<string, string>) =>
    (await app.inject({ method: 'GET', url: '/v1/kyc/cases/mine', headers })).json<{
      account: { status: string; ismailId: string | null };
      case: { state: string; reason: string | null; documents: { kind: string }[] } | null;
      limits: { documentMaxBytes: number; consentVersion: string };
    }>();
  const decide = (caseId: string, approve: boolean, reason: string) =>
    decideCase(app, people.admin, caseId, approve, reason);

  it('shows the newcomer their case from draft to a rejection with its reason', async () => {
    const headers = await newcomer();
    const before = await mine(headers);
    expect(before).toMatchObject({ account: { status: 'pending', ismailId: null }, case: null });
    expect(before.limits).toEqual({
      documentMaxBytes: 5 * 1024 * 1024,
      caseMaxBytes: 20 * 1024 * 1024,
      contentTypes: ['image/jpeg', 'image/png', 'application/pdf'],
      consentVersion: kycConsentVersion,
    });
    const caseId = await submittedCase(headers);
    const review = await mine(headers);
    expect(review.case).toMatchObject({ state: 'in_review', reason: null });
    expect(review.case?.documents.map((d) => d.kind).sort()).toEqual(['id_document', 'photo']);
    expect((await decide(caseId, false, 'Pièce illisible : reprenez la photo')).statusCode).toBe(200);
    expect((await mine(headers)).case).toMatchObject({
      state: 'rejected',
      reason: 'Pièce illisible : reprenez la photo',
    });
    // No card before approval: said as NOT_FOUND, not a server error.
    const card = await app.inject({ method: 'GET', url: '/v1/cards/mine', headers });
    expect(card.statusCode).toBe(404);
    const code = await app.inject({ method: 'POST', url: '/v1/cards/mine/dynamic-code', headers });
    expect(code.statusCode).toBe(404);
  });

  it('gives the approved holder their card, a single-use dynamic code, the printed card, and their history only', async () => {
    const headers = await newcomer();
    const caseId = await submittedCase(headers);
    expect((await decide(caseId, true, 'documents conformes')).statusCode).toBe(200);
    const status = await mine(headers);
    expect(status.account.status).toBe('active');
    expect(status.account.ismailId).toMatch(/^CI\d{6}-[0-9A-Z]{4}-CL$/);

    const card = (await app.inject({ method: 'GET', url: '/v1/cards/mine', headers })).json<{
      cardId: string;
      ismailId: string;
      state: string;
      hasPhoto: boolean;
      roleLabel: { fr: string };
    }>();
    expect(card).toMatchObject({ ismailId: status.account.ismailId, state: 'active', hasPhoto: true });
    expect(card.roleLabel.fr).toBe('Client');
    const photo = await app.inject({ method: 'GET', url: '/v1/cards/mine/photo', headers });
    expect(photo.headers['content-type']).toBe('image/png');

    const issued = await app.inject({ method: 'POST', url: '/v1/cards/mine/dynamic-code', headers });
    expect(issued.statusCode).toBe(200);
    const code = issued.json<{ token: string; ttlS: number; expiresAt: string }>();
    expect(code.ttlS).toBe(120);
    const claims = JSON.parse(Buffer.from(code.token.split('.')[1] ?? '', 'base64url').toString()) as {
      typ: string;
    };
    expect(claims.typ).toBe('dyn');
    const verify = () =>
      app.inject({ method: 'POST', url: '/v1/cards/verify', payload: { token: code.token, place: 'Guichet test' } });
    expect((await verify()).json()).toMatchObject({ outcome: 'valid', card: { form: 'dynamic' } });
    expect((await verify()).json()).toMatchObject({ outcome: 'refused', reason: 'REPLAYED' });

    const pdfExport = await app.inject({ method: 'GET', url: '/v1/cards/mine/export?format=pdf', headers });
    expect(pdfExport.headers['content-type']).toBe('application/pdf');
    expect(pdfExport.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const pngExport = await app.inject({ method: 'GET', url: '/v1/cards/mine/export?format=png', headers });
    expect(pngExport.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const badFormat = await app.inject({ method: 'GET', url: '/v1/cards/mine/export?format=svg', headers });
    expect(badFormat.statusCode).toBe(400);

    // A counter (hub) where the card was presented to the cloud for its photo or balance shows too, by its name.
    const hubId = randomUUID();
    await db.pool.query(
      "INSERT INTO hubs (id, partner_id, name, status, created_by) VALUES ($1, $2, 'Caisse Treichville', 'active', $3)",
      [hubId, people.partnerA.id, people.admin.id],
    );
    await db.pool.query(
      "INSERT INTO hub_card_presentations (hub_id, card_id, presented_at) VALUES ($1, $2, now() + interval '1 second')",
      [hubId, card.cardId],
    );
    const history = (await app.inject({ method: 'GET', url: '/v1/cards/mine/verifications', headers })).json<{
      verifications: { outcome: string; reason: string | null; place: string; by: string; who: string | null }[];
    }>().verifications;
    expect(history.slice(0, 3)).toEqual([
      expect.objectContaining({ outcome: 'valid', by: 'hub', place: 'Caisse Treichville' }),
      expect.objectContaining({ outcome: 'refused', reason: 'REPLAYED', place: 'Guichet test', by: 'public' }),
      expect.objectContaining({ outcome: 'valid', reason: null, place: 'Guichet test', by: 'public' }),
    ]);

    // Nobody else reads it: refused without a session, and another holder sees only their own (none of these).
    expect((await app.inject({ method: 'GET', url: '/v1/cards/mine/verifications' })).statusCode).toBe(401);
    const other = (
      await app.inject({ method: 'GET', url: '/v1/cards/mine/verifications', headers: bearer(people.clientB) })
    ).json<{ verifications: { place: string }[] }>().verifications;
    expect(other.filter((v) => v.place === 'Guichet test' || v.place === 'Caisse Treichville')).toEqual([]);
  });
});
