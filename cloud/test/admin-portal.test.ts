// Proves what the admins' portal screens read beyond the existing admin routes: the audit log browsed (filters,
// pages; a KYC document viewed is there), the card found by ISMAIL ID (audited), both closed to everyone else and to
// an admin without the second factor; a card issued before a key rotation still verifies after it; and the sensitive
// actions refused once the authenticator code is more than 15 minutes old (step-up).
import { PNG } from 'pngjs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { kycConsentVersion } from '../src/modules/kyc/routes.js';
import { testBackends } from './support/databases.js';
import { openTestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';

const realPng = (): Buffer => {
  const image = new PNG({ width: 16, height: 16 });
  image.data.fill(0x90);
  return PNG.sync.write(image);
};
const pdf = Buffer.from('%PDF-1.4\nADMIN-VIEWER\n%%EOF\n');

interface AuditPage {
  entries: { seq: number; action: string; subjectType: string; subjectId: string; actorAccountId: string | null }[];
  nextBeforeSeq: number | null;
}

describe.each(testBackends.slice(-1))('admin portal reads on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;

  beforeAll(async () => {
    ({ db, app, people } = await openTestCloud(backend, { logLevel: 'silent', seedRates: false }));
    // Migrations and the people's sign-ins take long on a loaded machine.
  }, 240_000);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const get = (person: Signed, url: string) => app.inject({ method: 'GET', url, headers: bearer(person) });

  it('closes the audit log and the card lookup to non-admins and to an admin without the second factor', async () => {
    for (const person of [people.clientA, people.partnerA, people.repA, people.chiefA, people.adminNoMfa]) {
      expect((await get(person, '/v1/admin/audit')).statusCode, person.email).toBe(403);
      expect((await get(person, '/v1/admin/cards/by-ismail-id/CI261124-7K3M-CL')).statusCode).toBe(403);
    }
    expect((await app.inject({ method: 'GET', url: '/v1/admin/audit' })).statusCode).toBe(401);
    expect((await get(people.admin, '/v1/admin/audit?limit=1000')).statusCode).toBe(400);
    expect((await get(people.admin, '/v1/admin/audit?action=a%20b')).statusCode).toBe(400);
    expect((await get(people.admin, '/v1/admin/cards/by-ismail-id/nonsense')).statusCode).toBe(400);
    expect((await get(people.admin, '/v1/admin/cards/by-ismail-id/CI261124-7K3M-CL')).statusCode).toBe(404);
  });

  it('audits a document view, approves, finds the card and still verifies it after a key rotation', async () => {
    const client = people.clientA;
    const { caseId } = (await app.inject({ method: 'POST', url: '/v1/kyc/cases', headers: bearer(client) })).json<{
      caseId: string;
    }>();
    const put = (kind: string, type: string, body: Buffer) =>
      app.inject({
        method: 'PUT',
        url: `/v1/kyc/cases/${caseId}/documents/${kind}`,
        headers: { ...bearer(client), 'content-type': type },
        payload: body,
      });
    const { documentId } = (await put('id_document', 'application/pdf', pdf)).json<{ documentId: string }>();
    expect((await put('photo', 'image/png', realPng())).statusCode).toBe(201);
    await app.inject({
      method: 'POST',
      url: `/v1/kyc/cases/${caseId}/submit`,
      headers: bearer(client),
      payload: { consent: true, consentVersion: kycConsentVersion },
    });
    // Someone else's case: not even its existence.
    expect((await get(people.clientB, `/v1/kyc/cases/${caseId}/documents/${documentId}`)).statusCode).toBe(404);
    expect((await get(people.adminNoMfa, `/v1/kyc/cases/${caseId}/documents/${documentId}`)).statusCode).toBe(404);
    const viewed = await get(people.admin, `/v1/kyc/cases/${caseId}/documents/${documentId}`);
    expect(viewed.statusCode).toBe(200);
    expect(viewed.body).toContain('ADMIN-VIEWER');
    const reads = (
      await get(people.admin, `/v1/admin/audit?action=kyc.document_read&subjectId=${documentId}`)
    ).json<AuditPage>();
    expect(reads.entries).toHaveLength(1);
    expect(reads.entries[0]).toMatchObject({ actorAccountId: people.admin.id, subjectType: 'kyc_document' });

    const decided = await app.inject({
      method: 'POST',
      url: `/v1/admin/kyc/cases/${caseId}/decision`,
      headers: bearer(people.admin),
      payload: { approve: true, reason: 'Pièces conformes' },
    });
    const { ismailId } = decided.json<{ ismailId: string }>();
    const found = await get(people.admin, `/v1/admin/cards/by-ismail-id/${ismailId}`);
    expect(found.statusCode).toBe(200);
    const card = found.json<{ cardId: string; token: string; state: string; ismailId: string }>();
    expect(card).toMatchObject({ state: 'active', ismailId });
    const cardReads = (
      await get(people.admin, `/v1/admin/audit?action=card.&subjectId=${card.cardId}`)
    ).json<AuditPage>();
    expect(cardReads.entries.map((e) => e.action)).toContain('card.read');

    // Rotating the card key is strategy (levels 1-2): an admin is refused, a super admin rotates.
    const rotate = (person: Signed) =>
      app.inject({ method: 'POST', url: '/v1/admin/keys/card/rotate', headers: bearer(person) });
    expect((await rotate(people.admin)).statusCode).toBe(403);
    expect((await rotate(people.super)).statusCode).toBe(200);
    const check = await app.inject({ method: 'POST', url: '/v1/cards/verify', payload: { token: card.token } });
    expect(check.json()).toMatchObject({ outcome: 'valid', holder: { ismailId } });
  });

  it('pages the audit log newest first without gaps or repeats', async () => {
    const first = (await get(people.admin, '/v1/admin/audit?limit=3')).json<AuditPage>();
    expect(first.entries).toHaveLength(3);
    expect(first.nextBeforeSeq).not.toBeNull();
    const second = (
      await get(people.admin, `/v1/admin/audit?limit=3&beforeSeq=${first.nextBeforeSeq}`)
    ).json<AuditPage>();
    const seqs = [...first.entries, ...second.entries].map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs[3]).toBe((seqs[2] ?? 0) - 1);
  });

  it('refuses sensitive actions when the authenticator code was given more than 15 minutes ago (step-up)', async () => {
    await db.pool.query(
      "UPDATE sessions SET created_at = created_at - interval '16 minutes' WHERE account_id = ANY($1::uuid[])",
      [[people.super.id, people.admin.id]],
    );
    const post = (person: Signed, url: string, payload?: object) =>
      app.inject({ method: 'POST', url, headers: bearer(person), ...(payload === undefined ? {} : { payload }) });
    const someId = '00000000-0000-4000-8000-00000000abcd';
    const refused = [
      await post(people.super, '/v1/admin/keys/card/rotate'),
      await post(people.admin, `/v1/admin/kyc/cases/${someId}/decision`, { approve: true, reason: 'Pièces conformes' }),
      await post(people.admin, `/v1/admin/cards/${someId}/suspend`, { reason: 'Carte perdue' }),
      await post(people.super, '/v1/admin/rates', {
        change: { table: 'credit_rates', country: 'CI', xofPerCredit: 60 },
        effectiveFrom: new Date().toISOString(),
      }),
    ];
    for (const answer of refused) {
      expect(answer.statusCode, answer.body).toBe(403);
      expect(answer.json<{ error: { code: string; message: string } }>().error).toMatchObject({
        code: 'SECOND_FACTOR_REQUIRED',
        message: expect.stringContaining('reconnectez-vous') as unknown,
      });
    }
    // Reading stays open: only the actions ask for a fresh code.
    expect((await get(people.admin, '/v1/admin/audit?limit=1')).statusCode).toBe(200);
  });
});
