// Proves the KYC journey: documents checked for type and size, stored so that neither the
// database nor the disk holds a readable byte, consent required, manual review by an admin
// with the second factor, and approval giving the ISMAIL ID and a card that verifies.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { kycConsentVersion } from '../src/modules/kyc/routes.js';
import { testBackends } from './support/databases.js';
import { openTestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';

const marker = 'PASSEPORT-CI-AB1234567-KOUAME';
const png = (text: string): Buffer =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(text)]);
/** A real 16×16 PNG portrait (a flat colour): the card renderer decodes it. */
const realPng = (): Buffer => {
  const image = new PNG({ width: 16, height: 16 });
  image.data.fill(0xc0);
  return PNG.sync.write(image);
};
const pdf = (text: string): Buffer => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);

describe.each(testBackends)('KYC on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let kycDir: string;

  beforeAll(async () => {
    const cloud = await openTestCloud(backend, { logLevel: 'silent', seedRates: false });
    ({ db, app, people } = cloud);
    kycDir = cloud.secrets.kycDir;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const upload = (person: Signed, caseId: string, kind: string, contentType: string, body: Buffer) =>
    app.inject({
      method: 'PUT',
      url: `/v1/kyc/cases/${caseId}/documents/${kind}`,
      headers: { ...bearer(person), 'content-type': contentType },
      payload: body,
    });

  it('takes a case from upload to approval, card included', async () => {
    const client = people.clientA;
    const { caseId } = (await app.inject({ method: 'POST', url: '/v1/kyc/cases', headers: bearer(client) })).json<{
      caseId: string;
    }>();
    expect((await upload(client, caseId, 'id_document', 'application/pdf', pdf(marker))).statusCode).toBe(201);
    const early = await app.inject({
      method: 'POST',
      url: `/v1/kyc/cases/${caseId}/submit`,
      headers: bearer(client),
      payload: { consent: true, consentVersion: kycConsentVersion },
    });
    expect(early.statusCode).toBe(400);
    expect(early.json<{ error: { message: string } }>().error.message).toContain('photo');
    const photo = realPng();
    expect((await upload(client, caseId, 'photo', 'image/png', photo)).statusCode).toBe(201);
    const noConsent = await app.inject({
      method: 'POST',
      url: `/v1/kyc/cases/${caseId}/submit`,
      headers: bearer(client),
      payload: { consent: false, consentVersion: kycConsentVersion },
    });
    expect(noConsent.statusCode).toBe(400);
    const submitted = await app.inject({
      method: 'POST',
      url: `/v1/kyc/cases/${caseId}/submit`,
      headers: bearer(client),
      payload: { consent: true, consentVersion: kycConsentVersion },
    });
    expect(submitted.json()).toMatchObject({
      state: 'in_review',
      checks: {
        hasIdDocument: true,
        hasPhoto: true,
        biometric: { provider: 'none', decision: 'not_run', anomaly: false },
      },
    });
    expect((await upload(client, caseId, 'photo', 'image/png', png('late'))).statusCode).toBe(409);

    const queue = (
      await app.inject({ method: 'GET', url: '/v1/admin/kyc/queue', headers: bearer(people.admin) })
    ).json<{ cases: { caseId: string; documents: unknown[] }[] }>();
    expect(queue.cases.find((c) => c.caseId === caseId)?.documents).toHaveLength(2);
    const decision = await app.inject({
      method: 'POST',
      url: `/v1/admin/kyc/cases/${caseId}/decision`,
      headers: bearer(people.admin),
      payload: { approve: true, reason: 'documents match the person' },
    });
    expect(decision.statusCode).toBe(200);
    const { ismailId } = decision.json<{ ismailId: string }>();
    expect(ismailId).toMatch(/^CI\d{6}-[0-9A-Z]{4}-CL$/);
    const card = (
      await app.inject({ method: 'GET', url: `/v1/accounts/${client.id}/card`, headers: bearer(client) })
    ).json<{ token: string }>();
    const check = await app.inject({ method: 'POST', url: '/v1/cards/verify', payload: { token: card.token } });
    expect(check.json()).toMatchObject({ outcome: 'valid', holder: { ismailId } });
    // The card carries the hash of the approved KYC photo, for verifiers to compare.
    const claims = JSON.parse(Buffer.from(card.token.split('.')[1] ?? '', 'base64url').toString()) as { ph?: string };
    expect(claims.ph).toBe(createHash('sha256').update(photo).digest('base64url'));
    const again = await app.inject({
      method: 'POST',
      url: `/v1/admin/kyc/cases/${caseId}/decision`,
      headers: bearer(people.admin),
      payload: { approve: false, reason: 'changed my mind' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('lets a newcomer sign up as a client, pending until KYC, and refuses a taken email or an admin profile', async () => {
    const payload = {
      profile: 'client',
      email: 'awa.nouvelle@test.ismail.ci',
      password: 'mot-de-passe-solide',
      firstName: 'Awa',
      lastName: 'Nouvelle',
    };
    const signedUp = await app.inject({ method: 'POST', url: '/v1/auth/sign-up', payload });
    expect(signedUp.statusCode).toBe(200);
    const { accessToken } = signedUp.json<{ accessToken: string }>();
    const me = await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.json()).toMatchObject({ profile: 'client', status: 'pending', ismailId: null });
    expect(
      (await app.inject({ method: 'POST', url: '/v1/kyc/cases', headers: { authorization: `Bearer ${accessToken}` } }))
        .statusCode,
    ).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/v1/auth/sign-up', payload })).statusCode).toBe(409);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/auth/sign-up',
          payload: { ...payload, email: 'x@test.ismail.ci', profile: 'admin' },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/auth/sign-up',
          payload: { ...payload, email: 'y@test.ismail.ci', password: 'short' },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('keeps no readable byte of a document in the database or on disk', async () => {
    const files = readdirSync(kycDir);
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files)
      expect(readFileSync(path.join(kycDir, file)).includes(Buffer.from('PASSEPORT'))).toBe(false);
    for (const table of ['kyc_documents', 'kyc_cases', 'audit_log', 'accounts']) {
      const { rows } = await db.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${table} t WHERE t::text LIKE '%PASSEPORT%'`,
      );
      expect(rows[0]?.n, table).toBe('0');
    }
  });

  it('refuses documents of the wrong type, disguised, too large, or a PDF as the photo', async () => {
    const client = people.clientB;
    const { caseId } = (await app.inject({ method: 'POST', url: '/v1/kyc/cases', headers: bearer(client) })).json<{
      caseId: string;
    }>();
    expect((await upload(client, caseId, 'photo', 'image/gif', Buffer.from('GIF89a'))).statusCode).toBe(415);
    const disguised = await upload(client, caseId, 'photo', 'image/png', Buffer.from('MZ this is an executable'));
    expect(disguised.statusCode).toBe(400);
    expect((await upload(client, caseId, 'photo', 'application/pdf', pdf('x'))).statusCode).toBe(400);
    expect(
      (
        await upload(
          client,
          caseId,
          'id_document',
          'application/pdf',
          Buffer.concat([pdf('x'), Buffer.alloc(6 * 1024 * 1024)]),
        )
      ).statusCode,
    ).toBe(413);
    expect((await upload(people.clientA, caseId, 'photo', 'image/png', png('not my case'))).statusCode).toBe(404);
  });

  it('records a rejection with its reason and assigns no ID', async () => {
    const client = people.clientB;
    const { rows } = await db.pool.query<{ id: string }>(
      "SELECT id FROM kyc_cases WHERE account_id = $1 AND state = 'draft'",
      [client.id],
    );
    const caseId = rows[0]?.id ?? '';
    await upload(client, caseId, 'id_document', 'image/png', png('blurry id'));
    await upload(client, caseId, 'photo', 'image/png', png('blurry photo'));
    await app.inject({
      method: 'POST',
      url: `/v1/kyc/cases/${caseId}/submit`,
      headers: bearer(client),
      payload: { consent: true, consentVersion: kycConsentVersion },
    });
    const noMfa = await app.inject({
      method: 'POST',
      url: `/v1/admin/kyc/cases/${caseId}/decision`,
      headers: bearer(people.adminNoMfa),
      payload: { approve: true, reason: 'fine' },
    });
    expect(noMfa.statusCode).toBe(403);
    const rejected = await app.inject({
      method: 'POST',
      url: `/v1/admin/kyc/cases/${caseId}/decision`,
      headers: bearer(people.admin),
      payload: { approve: false, reason: 'photo unreadable' },
    });
    expect(rejected.json()).toMatchObject({ state: 'rejected' });
    const account = await db.pool.query<{ ismail_id: string | null }>('SELECT ismail_id FROM accounts WHERE id = $1', [
      client.id,
    ]);
    expect(account.rows[0]?.ismail_id).toBeNull();
    const audit = await db.pool.query<{ detail: { reason: string } }>(
      "SELECT detail FROM audit_log WHERE action = 'kyc.rejected' AND subject_id = $1",
      [caseId],
    );
    expect(audit.rows[0]?.detail.reason).toBe('photo unreadable');
  });
});
