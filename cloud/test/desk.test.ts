// Proves the ID desk (issue 23): only agency chiefs and admins with the second factor check people at the desk; a
// typed ID is read whatever its look-alikes and answers the holder's verdict, role, status and photo; an unknown ID
// and a revoked card are refused with their reason; every check lands in the desk's own log (newest first, this
// verifier only) and in the audit; a photo is shown only right after its holder was checked.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { testBackends } from './support/databases.js';
import { approvedHolder } from './support/kyc-holder.js';
import { openTestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';

interface DeskCheck {
  outcome: string;
  reason: string | null;
  message: { fr: string } | null;
  holder: { ismailId: string; role: string; accountStatus: string; hasPhoto: boolean; lastName: string } | null;
  card: { state: string } | null;
}

describe.each(testBackends.slice(-1))('the ID desk on $name', (backend) => {
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

  const byId = (who: Signed | Record<string, string>, ismailId: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/desk/checks/ismail-id',
      headers: 'token' in who ? bearer(who as Signed) : who,
      payload: { ismailId, place: 'Agence Plateau' },
    });
  const holder = async () => {
    const { headers, cardId } = await approvedHolder(app, people.admin);
    const card = (await app.inject({ method: 'GET', url: '/v1/cards/mine', headers })).json<{
      ismailId: string;
      token: string;
    }>();
    return { headers, cardId, ismailId: card.ismailId, token: card.token };
  };

  it('refuses clients, partners, sales reps, admins without the second factor and anonymous callers', async () => {
    const { ismailId } = await holder();
    for (const [who, status] of [
      ['clientA', 403],
      ['partnerA', 403],
      ['repA', 403],
      ['staffA', 403],
      ['adminNoMfa', 403],
    ] as const) {
      const response = await byId(people[who], ismailId);
      expect(response.statusCode, who).toBe(status);
    }
    expect((await byId({}, ismailId)).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url: '/v1/desk/checks', headers: bearer(people.clientA) })).statusCode,
    ).toBe(403);
  });

  it('refuses a malformed ID and answers an unknown one with its reason, logged', async () => {
    expect((await byId(people.chiefA, 'bonjour')).statusCode).toBe(400);
    const unknown = await byId(people.chiefA, 'CI250101-ZZZZ-CL');
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json<DeskCheck>()).toMatchObject({
      outcome: 'refused',
      reason: 'UNKNOWN_ID',
      message: { fr: 'Aucun titulaire avec cet ISMAIL ID.' },
      holder: null,
    });
  });

  it('checks a typed ID with look-alikes, shows the photo just after, and refuses the card once revoked', async () => {
    const { ismailId, cardId } = await holder();
    const typed = ismailId.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    // Before any check, the desk shows no photo of anyone.
    const early = await app.inject({
      method: 'GET',
      url: `/v1/desk/holders/${ismailId}/photo`,
      headers: bearer(people.chiefB),
    });
    expect(early.statusCode).toBe(404);
    const valid = (await byId(people.chiefA, typed)).json<DeskCheck>();
    expect(valid).toMatchObject({
      outcome: 'valid',
      reason: null,
      holder: { ismailId, role: 'client', accountStatus: 'active', hasPhoto: true, lastName: 'Traoré' },
      card: { state: 'active' },
    });
    const photo = await app.inject({
      method: 'GET',
      url: `/v1/desk/holders/${ismailId}/photo`,
      headers: bearer(people.chiefA),
    });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');

    const revoke = await app.inject({
      method: 'POST',
      url: `/v1/admin/cards/${cardId}/revoke`,
      headers: bearer(people.admin),
      payload: { reason: 'carte déclarée volée' },
    });
    expect(revoke.statusCode).toBe(200);
    const refused = (await byId(people.admin, ismailId)).json<DeskCheck>();
    expect(refused).toMatchObject({
      outcome: 'refused',
      reason: 'REVOKED',
      holder: { ismailId },
      card: { state: 'revoked' },
    });
    expect(refused.message?.fr).toMatch(/révoquée/i);

    const log = (await app.inject({ method: 'GET', url: '/v1/desk/checks', headers: bearer(people.chiefA) })).json<{
      checks: { ismailId: string; outcome: string; reason: string | null; place: string }[];
    }>();
    expect(log.checks[0]).toMatchObject({ ismailId, outcome: 'valid', place: 'Agence Plateau' });
    expect(log.checks[1]).toMatchObject({ ismailId: 'CI250101-ZZZZ-CL', outcome: 'refused', reason: 'UNKNOWN_ID' });
    // The admin's check is in the admin's log, not the chief's.
    expect(log.checks.some((c) => c.reason === 'REVOKED')).toBe(false);
    const audit = await db.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'card.desk_checked' AND subject_id = $1",
      [ismailId],
    );
    expect(Number(audit.rows[0]?.n)).toBe(2);
  });

  it('checks a scanned card token for the verifier, with the holder', async () => {
    const { token, ismailId } = await holder();
    const response = await app.inject({
      method: 'POST',
      url: '/v1/desk/checks/token',
      headers: bearer(people.chiefB),
      payload: { token, place: 'Agence Bouaké' },
    });
    expect(response.json<DeskCheck>()).toMatchObject({ outcome: 'valid', holder: { ismailId } });
    const tampered = await app.inject({
      method: 'POST',
      url: '/v1/desk/checks/token',
      headers: bearer(people.chiefB),
      payload: { token: `${token.slice(0, -4)}AAAA`, place: 'Agence Bouaké' },
    });
    expect(tampered.json<DeskCheck>()).toMatchObject({ outcome: 'refused', reason: 'TAMPERED', holder: null });
  });
});
