// Proves the admins' Users, Hubs, Rates and ledger-check routes (issue 23) hold against the attacks first: a non-admin,
// an admin without the second factor or without a fresh code, an admin suspending themselves or someone of their own
// level, an unknown or malformed id, a second suspension; then that a suspension ends the holder's session and makes
// the card's checks answer SUSPENDED, and reinstating gives both back; a hub is revoked only with a fresh code; and the
// ledger check runs as a background job whose stored result is what admins read.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { runQueuedLedgerCheck } from '../src/modules/wallet/ledger-check-runs.js';
import { testBackends } from './support/databases.js';
import { approvedHolder } from './support/kyc-holder.js';
import { bearer, type Person, type Signed } from './support/people.js';
import { openTestCloud } from './support/test-cloud.js';

interface User {
  id: string;
  ismailId: string | null;
  status: string;
  suspension: { reason: string } | null;
}
const unknownId = '00000000-0000-4000-8000-00000000dead';

describe.each(testBackends)('admin operations on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;

  beforeAll(async () => {
    ({ db, app, people } = await openTestCloud(backend, { logLevel: 'silent' }));
  }, 240_000);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const get = (headers: Record<string, string>, url: string) => app.inject({ method: 'GET', url, headers });
  const post = (headers: Record<string, string>, url: string, payload?: object) =>
    app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload }) });
  const change = (person: Signed, id: string, what: string, reason = 'Fraude signalée') =>
    post(bearer(person), `/v1/admin/users/${id}/${what}`, { reason });
  const errorCode = (answer: { json: <T>() => T }) => answer.json<{ error: { code: string } }>().error.code;

  it('closes every admin-ops route to non-admins and to an admin without the second factor', async () => {
    const target = people.clientB.id;
    for (const person of [people.clientA, people.partnerA, people.staffA, people.repA, people.chiefA]) {
      const h = bearer(person);
      expect((await get(h, '/v1/admin/users?q=client')).statusCode, person.email).toBe(403);
      expect((await change(person, target, 'suspend')).statusCode).toBe(403);
      expect((await get(h, '/v1/admin/hubs/overview')).statusCode).toBe(403);
      expect((await post(h, `/v1/admin/hubs/${unknownId}/revocation`, { reason: 'volé' })).statusCode).toBe(403);
      expect((await post(h, '/v1/admin/ledger/checks')).statusCode).toBe(403);
      expect((await get(h, '/v1/admin/ledger/checks/latest')).statusCode).toBe(403);
      expect((await get(h, '/v1/admin/rates/history')).statusCode).toBe(403);
    }
    const noMfa = bearer(people.adminNoMfa);
    for (const answer of [
      await get(noMfa, '/v1/admin/users?q=client'),
      await change(people.adminNoMfa, target, 'suspend'),
      await post(noMfa, '/v1/admin/ledger/checks'),
      await get(noMfa, '/v1/admin/ledger/checks/latest'),
      await get(noMfa, '/v1/admin/hubs/overview'),
    ])
      expect(errorCode(answer)).toBe('SECOND_FACTOR_REQUIRED');
    expect((await app.inject({ method: 'GET', url: '/v1/admin/users?q=client' })).statusCode).toBe(401);
    // Rates are strategy: an admin (level 3) is refused, a super admin reads them.
    expect((await get(bearer(people.admin), '/v1/admin/rates/history')).statusCode).toBe(403);
    const rates = await get(bearer(people.super), '/v1/admin/rates/history');
    expect(rates.statusCode).toBe(200);
    expect(rates.json<{ creditRates: { country: string; inForce: boolean }[] }>().creditRates).toContainEqual(
      expect.objectContaining({ country: 'CI', inForce: true }),
    );
    // Still active: nothing above changed anyone.
    const { rows } = await db.pool.query<{ status: string }>('SELECT status FROM accounts WHERE id = $1', [target]);
    expect(rows[0]?.status).toBe('active');
  });

  it('refuses yourself, your own level and above, unknown and malformed ids, a short reason, twice the same', async () => {
    expect(errorCode(await change(people.admin, people.admin.id, 'suspend'))).toBe('FORBIDDEN');
    expect(errorCode(await change(people.admin, people.adminNoMfa.id, 'suspend'))).toBe('FORBIDDEN');
    expect(errorCode(await change(people.admin, people.super.id, 'suspend'))).toBe('FORBIDDEN');
    expect((await change(people.admin, unknownId, 'suspend')).statusCode).toBe(404);
    expect((await change(people.admin, 'not-a-uuid', 'suspend')).statusCode).toBe(400);
    expect((await change(people.admin, people.clientB.id, 'delete')).statusCode).toBe(400);
    expect((await change(people.admin, people.clientB.id, 'suspend', '  a ')).statusCode).toBe(400);
    expect((await post(bearer(people.admin), `/v1/admin/users/${people.clientB.id}/suspend`, {})).statusCode).toBe(400);
    expect(errorCode(await change(people.admin, people.clientB.id, 'reinstate'))).toBe('CONFLICT');
    expect((await change(people.admin, people.clientB.id, 'suspend')).statusCode).toBe(200);
    expect(errorCode(await change(people.admin, people.clientB.id, 'suspend'))).toBe('CONFLICT');
    // A super admin may suspend an admin (a lower level).
    expect((await change(people.super, people.adminNoMfa.id, 'suspend')).statusCode).toBe(200);
    expect((await change(people.super, people.adminNoMfa.id, 'reinstate', 'Erreur corrigée')).statusCode).toBe(200);
  });

  it('suspends: the session is refused and the card answers SUSPENDED; reinstating gives both back, audited', async () => {
    const holder = await approvedHolder(app, people.admin);
    const me = (await get(holder.headers, '/v1/me')).json<{ id: string; ismailId: string }>();
    const found = await get(bearer(people.admin), `/v1/admin/users?q=${me.ismailId.toLowerCase()}`);
    expect(found.json<{ users: User[] }>().users).toEqual([
      expect.objectContaining({ id: me.id, ismailId: me.ismailId, status: 'active', suspension: null }),
    ]);
    const card = (await get(bearer(people.admin), `/v1/admin/cards/by-ismail-id/${me.ismailId}`)).json<{
      token: string;
    }>();
    const verify = async () =>
      (await app.inject({ method: 'POST', url: '/v1/cards/verify', payload: { token: card.token } })).json<{
        outcome: string;
        reason?: string;
      }>();
    expect((await verify()).outcome).toBe('valid');

    const suspended = await change(people.admin, me.id, 'suspend', 'Fraude signalée');
    expect(suspended.statusCode, suspended.body).toBe(200);
    expect(suspended.json<User>()).toMatchObject({ status: 'suspended', suspension: { reason: 'Fraude signalée' } });
    expect((await get(holder.headers, '/v1/me')).statusCode).toBe(401);
    expect(await verify()).toMatchObject({ outcome: 'refused', reason: 'SUSPENDED' });

    const reinstated = await change(people.admin, me.id, 'reinstate', 'Vérifié avec le client');
    expect(reinstated.json<User>()).toMatchObject({ status: 'active', suspension: null });
    expect((await verify()).outcome).toBe('valid');
    const audit = (await get(bearer(people.admin), `/v1/admin/audit?action=account.&subjectId=${me.id}`)).json<{
      entries: { action: string; actorAccountId: string }[];
    }>();
    const byAdmin = audit.entries.slice(0, 2);
    expect(byAdmin.map((e) => e.action)).toEqual(['account.reinstated', 'account.suspended']);
    expect(byAdmin.every((e) => e.actorAccountId === people.admin.id)).toBe(true);
  });

  it('revokes a hub only with a fresh code, and lists it with its partner and pairing state', async () => {
    const registered = await post(bearer(people.admin), '/v1/admin/hubs', {
      partnerId: people.partnerA.id,
      name: 'Caisse 2',
    });
    const hubId = registered.json<{ hub: { id: string } }>().hub.id;
    const overview = (await get(bearer(people.admin), '/v1/admin/hubs/overview')).json<{
      hubs: { id: string; pairing: string; partner: { id: string } }[];
    }>();
    expect(overview.hubs).toContainEqual(
      expect.objectContaining({
        id: hubId,
        pairing: 'code_open',
        partner: expect.objectContaining({ id: people.partnerA.id }) as unknown,
      }),
    );
    expect(
      (await post(bearer(people.admin), `/v1/admin/hubs/${unknownId}/revocation`, { reason: 'volé' })).statusCode,
    ).toBe(404);
    expect((await post(bearer(people.admin), `/v1/admin/hubs/${hubId}/revocation`, { reason: '' })).statusCode).toBe(
      400,
    );
    await db.pool.query("UPDATE sessions SET created_at = created_at - interval '16 minutes' WHERE account_id = $1", [
      people.admin.id,
    ]);
    try {
      const late = await post(bearer(people.admin), `/v1/admin/hubs/${hubId}/revocation`, { reason: 'Caisse volée' });
      expect(errorCode(late)).toBe('SECOND_FACTOR_REQUIRED');
      // The older routes that stop or replace a hub ask for the same fresh code.
      for (const route of ['revoke', 'replace'])
        expect(
          errorCode(await post(bearer(people.admin), `/v1/admin/hubs/${hubId}/${route}`, { reason: 'Caisse volée' })),
        ).toBe('SECOND_FACTOR_REQUIRED');
      expect(errorCode(await change(people.admin, people.clientA.id, 'suspend'))).toBe('SECOND_FACTOR_REQUIRED');
    } finally {
      await db.pool.query("UPDATE sessions SET created_at = created_at + interval '16 minutes' WHERE account_id = $1", [
        people.admin.id,
      ]);
    }
    const revoked = await post(bearer(people.admin), `/v1/admin/hubs/${hubId}/revocation`, { reason: 'Caisse volée' });
    expect(revoked.json()).toEqual({ id: hubId, status: 'revoked' });
  });

  it('runs the ledger check in the background, one at a time, and keeps the result', async () => {
    expect(app.jobs.names()).toContain('wallet.ledger-check');
    const admin = bearer(people.admin);
    const empty = (await get(admin, '/v1/admin/ledger/checks/latest')).json<{ pending: unknown; last: unknown }>();
    expect(empty).toEqual({ pending: null, last: null });
    const first = await post(admin, '/v1/admin/ledger/checks');
    expect(first.statusCode).toBe(202);
    const again = await post(bearer(people.hyper), '/v1/admin/ledger/checks');
    expect(again.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    expect((await get(admin, '/v1/admin/ledger/checks/latest')).json()).toMatchObject({
      pending: { state: 'queued', requestedBy: { id: people.admin.id } },
      last: null,
    });
    expect(await runQueuedLedgerCheck(db)).toEqual({ ran: first.json<{ id: string }>().id });
    expect(await runQueuedLedgerCheck(db)).toEqual({ ran: null });
    const latest = (await get(admin, '/v1/admin/ledger/checks/latest')).json<{
      pending: unknown;
      last: { state: string; ok: boolean; problems: string[]; totals: { sumOfBalances: number } };
    }>();
    expect(latest.pending).toBeNull();
    expect(latest.last).toMatchObject({ state: 'done', ok: true, problems: [], totals: { sumOfBalances: 0 } });
  });
});
