// Proves a sales rep onboarding a partner on its behalf (issue 23): only sales reps (clients, partners, agency chiefs
// 403); the partner is attached to the rep of the session whatever the body says, pending, with its KYC case open;
// a replayed Idempotency-Key creates one account; another rep's partner reads as absent (404); the documents are
// sealed; the consent code goes by SMS, is kept hashed, counts wrong tries and refuses the 6th even when right,
// expires; without the recorded consent the case is not submitted; with it the case is in review, audited.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import type { DeliveryChannel, OutgoingMessage } from '../src/modules/notifications/channel.js';
import { testBackends } from './support/databases.js';
import { realPng } from './support/kyc-holder.js';
import { openTestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';

const pdf = Buffer.from('%PDF-1.4\npiece\n%%EOF\n');

describe.each(testBackends)('a sales rep onboards a partner on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  const texts: OutgoingMessage[] = [];
  const sms: DeliveryChannel = {
    name: 'sms',
    send: (message) => {
      texts.push(message);
      return Promise.resolve({ provider: 'test', providerMessageId: null, status: 'sent' });
    },
  };

  beforeAll(async () => {
    ({ db, app, people } = await openTestCloud(backend, {
      logLevel: 'silent',
      seedRates: false,
      notifications: { channels: { sms } },
    }));
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const create = (who: Signed, key: string, payload: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: '/v1/rep/partners',
      headers: { ...bearer(who), 'idempotency-key': key },
      payload,
    });
  const partner = (suffix = randomUUID().slice(0, 8)) => ({
    businessName: `Boutique ${suffix}`,
    phone: '07 08 09 10 11',
    email: `boutique-${suffix}@test.ismail.ci`,
  });
  const upload = (who: Signed, partnerId: string, kind: string, type: string, body: Buffer) =>
    app.inject({
      method: 'PUT',
      url: `/v1/rep/partners/${partnerId}/kyc/documents/${kind}`,
      headers: { ...bearer(who), 'content-type': type },
      payload: body,
    });
  const sendCode = (who: Signed, partnerId: string) =>
    app.inject({ method: 'POST', url: `/v1/rep/partners/${partnerId}/consent-code`, headers: bearer(who) });
  const consent = (who: Signed, partnerId: string, code: string) =>
    app.inject({
      method: 'POST',
      url: `/v1/rep/partners/${partnerId}/consent`,
      headers: bearer(who),
      payload: { code },
    });
  const lastCode = (): string => /(\d{6})/.exec(texts.at(-1)?.rendered.sms ?? '')?.[1] ?? '';
  const newPartner = async (): Promise<string> => {
    const made = await create(people.repA, randomUUID(), partner());
    expect(made.statusCode).toBe(201);
    const { partnerId } = made.json<{ partnerId: string }>();
    expect((await upload(people.repA, partnerId, 'id_document', 'application/pdf', pdf)).statusCode).toBe(201);
    expect((await upload(people.repA, partnerId, 'photo', 'image/png', realPng())).statusCode).toBe(201);
    return partnerId;
  };

  it('refuses everyone but sales reps, and takes neither the rep nor the profile from the body', async () => {
    for (const who of ['clientA', 'partnerA', 'staffA', 'chiefA'] as const)
      expect((await create(people[who], randomUUID(), partner())).statusCode).toBe(403);
    const chosen = await create(people.repA, randomUUID(), {
      ...partner(),
      salesRepId: people.repB.id,
      profile: 'admin',
    });
    expect(chosen.statusCode).toBe(400);
    const bad = await create(people.repA, randomUUID(), { ...partner(), phone: '+33 6 12 34 56 78' });
    expect(bad.statusCode).toBe(400);
  });

  it('creates one pending partner attached to the calling rep for a replayed key, with its KYC case, audited', async () => {
    const key = randomUUID();
    const body = partner();
    const [first, second] = await Promise.all([create(people.repA, key, body), create(people.repA, key, body)]);
    expect([first?.statusCode, second?.statusCode]).toEqual([201, 201]);
    const again = await create(people.repA, key, body);
    const id = first?.json<{ partnerId: string }>().partnerId;
    expect(second?.json<{ partnerId: string }>().partnerId).toBe(id);
    expect(again.json<{ partnerId: string }>().partnerId).toBe(id);
    const accounts = await db.pool.query<{
      id: string;
      profile: string;
      status: string;
      sales_rep_id: string;
      phone_e164: string;
    }>('SELECT id, profile, status, sales_rep_id, phone_e164 FROM accounts WHERE email = $1', [body.email]);
    expect(accounts.rows).toEqual([
      { id, profile: 'partner', status: 'pending', sales_rep_id: people.repA.id, phone_e164: '+2250708091011' },
    ]);
    const cases = await db.pool.query('SELECT state FROM kyc_cases WHERE account_id = $1', [id]);
    expect(cases.rows).toEqual([{ state: 'draft' }]);
    const audit = await db.pool.query<{ actor_account_id: string }>(
      "SELECT actor_account_id FROM audit_log WHERE action = 'account.onboarded_by_rep' AND subject_id = $1",
      [id],
    );
    expect(audit.rows.map((r) => r.actor_account_id)).toEqual([people.repA.id]);
    // The same e-mail under another key is refused.
    expect((await create(people.repA, randomUUID(), body)).statusCode).toBe(409);
  });

  it('hides a partner from another rep (404) and seals the documents', async () => {
    const partnerId = await newPartner();
    expect((await upload(people.repB, partnerId, 'photo', 'image/png', realPng())).statusCode).toBe(404);
    expect((await sendCode(people.repB, partnerId)).statusCode).toBe(404);
    expect((await consent(people.repB, partnerId, '123456')).statusCode).toBe(404);
    expect((await sendCode(people.chiefA, partnerId)).statusCode).toBe(403);
    // A partner someone else attached (not onboarded here) is not this rep's to file for.
    expect((await upload(people.repA, people.partnerA.id, 'photo', 'image/png', realPng())).statusCode).toBe(404);
    expect((await upload(people.repA, partnerId, 'photo', 'image/png', pdf)).statusCode).toBe(400);
    const { rows } = await db.pool.query<{ id: string }>(
      "SELECT d.id FROM kyc_documents d JOIN rep_onboardings o ON o.case_id = d.case_id WHERE o.partner_id = $1 AND d.kind = 'id_document'",
      [partnerId],
    );
    expect(await app.platform.documents.read(rows[0]?.id ?? '')).toEqual(pdf);
  });

  it('refuses to submit without consent, counts wrong codes, refuses the 6th try even right, and expired codes', async () => {
    const partnerId = await newPartner();
    const submit = await app.inject({
      method: 'POST',
      url: `/v1/rep/partners/${partnerId}/kyc/submit`,
      headers: bearer(people.repA),
    });
    expect(submit.statusCode).toBe(409);
    expect((await consent(people.repA, partnerId, '000000')).statusCode).toBe(409);

    expect((await sendCode(people.repA, partnerId)).statusCode).toBe(202);
    expect(texts.at(-1)?.to).toBe('+2250708091011');
    const code = lastCode();
    expect(code).toMatch(/^\d{6}$/);
    const stored = await db.pool.query<{ code_hash: string }>(
      'SELECT code_hash FROM rep_onboardings WHERE partner_id = $1',
      [partnerId],
    );
    expect(stored.rows[0]?.code_hash).not.toContain(code);
    const wrong = code === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i += 1) expect((await consent(people.repA, partnerId, wrong)).statusCode).toBe(400);
    expect((await consent(people.repA, partnerId, code)).statusCode).toBe(429);
    const state = await db.pool.query(
      'SELECT state FROM kyc_cases c JOIN rep_onboardings o ON o.case_id = c.id WHERE o.partner_id = $1',
      [partnerId],
    );
    expect(state.rows).toEqual([{ state: 'draft' }]);

    // A new code, expired before use.
    expect((await sendCode(people.repA, partnerId)).statusCode).toBe(202);
    const late = lastCode();
    await db.pool.query(
      "UPDATE rep_onboardings SET code_expires_at = now() - interval '1 second' WHERE partner_id = $1",
      [partnerId],
    );
    expect((await consent(people.repA, partnerId, late)).statusCode).toBe(409);
  });

  it('records the consent read out and submits the case, audited with the rep as actor', async () => {
    const partnerId = await newPartner();
    expect((await sendCode(people.repA, partnerId)).statusCode).toBe(202);
    const done = await consent(people.repA, partnerId, lastCode());
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ partnerId, caseState: 'in_review', status: 'pending' });
    const recorded = await db.pool.query(
      'SELECT consent_channel, consent_recorded_by, consent_version IS NOT NULL AS versioned FROM rep_onboardings WHERE partner_id = $1',
      [partnerId],
    );
    expect(recorded.rows).toEqual([
      { consent_channel: 'sms_code', consent_recorded_by: people.repA.id, versioned: true },
    ]);
    const audit = await db.pool.query<{ action: string; actor_account_id: string }>(
      `SELECT action, actor_account_id FROM audit_log WHERE action = 'kyc.submitted' AND detail->>'onBehalfOf' = $1`,
      [partnerId],
    );
    expect(audit.rows).toEqual([{ action: 'kyc.submitted', actor_account_id: people.repA.id }]);
    // Spent: the code does not work twice, nor do documents go into a submitted case.
    expect((await upload(people.repA, partnerId, 'photo', 'image/png', realPng())).statusCode).toBe(409);
  });
});
