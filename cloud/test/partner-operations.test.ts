// A partner's staff and hubs over HTTP (issue 23): the partner lists its working staff and changes a staff member's
// delegated permissions (sessions ended, audited with before and after); another partner's staff, a staff member
// raising their own permissions, read-only staff, an unknown or an undelegable permission are all refused; the
// partner reads its own hubs with their sync health and never another's, and registers a hub for itself with a
// one-time pairing code the hub then pairs with (a name twice is a conflict); staff cannot register hubs and a
// partner cannot pile them up. The same staff e-mail twice is a conflict too.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import type { PartnerHub } from '../src/modules/hubs/partner-hubs.js';
import { partnerHubsMax } from '../src/modules/hubs/partner-hubs.js';
import type { StaffMember } from '../src/modules/hubs/partner-staff.js';
import { testBackends } from './support/databases.js';
import { openTestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';

describe.each(testBackends)('partner operations on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;

  beforeAll(async () => {
    ({ db, app, people } = await openTestCloud(backend, { seedRates: false }));
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const staffUrl = (partner: Signed) => `/v1/accounts/${partner.id}/staff`;
  const setPermissions = (who: Signed, partnerId: string, staffId: string, delegatedActions: unknown) =>
    app.inject({
      method: 'PUT',
      url: `/v1/accounts/${partnerId}/staff/${staffId}/permissions`,
      headers: bearer(who),
      payload: { delegatedActions },
    });

  it('lists and changes staff permissions for the partner only', async () => {
    const newStaff = {
      email: `caisse-${randomUUID().slice(0, 8)}@example.ci`,
      firstName: 'Awa',
      lastName: 'Traoré',
      password: 'mot-de-passe-long',
      delegatedActions: ['read'],
    };
    const added = await app.inject({
      method: 'POST',
      url: staffUrl(people.partnerA),
      headers: bearer(people.partnerA),
      payload: newStaff,
    });
    expect(added.statusCode, added.body).toBe(201);
    const { id: staffId } = added.json<{ id: string }>();
    // The same e-mail again: a conflict the screen can name, not a server error.
    const again = await app.inject({
      method: 'POST',
      url: staffUrl(people.partnerA),
      headers: bearer(people.partnerA),
      payload: newStaff,
    });
    expect(again.statusCode, again.body).toBe(409);

    const listed = await app.inject({
      method: 'GET',
      url: staffUrl(people.partnerA),
      headers: bearer(people.partnerA),
    });
    expect(listed.statusCode, listed.body).toBe(200);
    const staff = listed.json<{ staff: StaffMember[] }>().staff;
    expect(staff.map((s) => s.id)).toEqual(expect.arrayContaining([staffId, people.staffA.id]));
    expect(staff.find((s) => s.id === staffId)).toMatchObject({
      displayName: 'Awa Traoré',
      delegatedActions: ['read'],
    });
    expect(listed.body).not.toContain('password');

    // Another partner, a staff member, a client: someone else's staff list is "not found".
    for (const who of [people.partnerB, people.staffA, people.clientA])
      expect(
        (await app.inject({ method: 'GET', url: staffUrl(people.partnerA), headers: bearer(who) })).statusCode,
      ).toBe(404);

    // Another partner's staff, through the other partner's own id or through ours.
    expect((await setPermissions(people.partnerB, people.partnerA.id, staffId, ['read', 'write'])).statusCode).toBe(
      404,
    );
    expect((await setPermissions(people.partnerB, people.partnerB.id, staffId, ['read', 'write'])).statusCode).toBe(
      404,
    );
    // Staff raising their own permissions: read-only staff are refused by access, others are told "not found".
    expect(
      (await setPermissions(people.staffA, people.partnerA.id, people.staffA.id, ['read', 'write', 'delete']))
        .statusCode,
    ).toBe(403);
    await db.pool.query("UPDATE accounts SET delegated_actions = '{read,modify}' WHERE id = $1", [staffId]);
    const signedStaff = await app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: staff.find((s) => s.id === staffId)?.email, password: 'mot-de-passe-long' },
    });
    expect(signedStaff.statusCode, signedStaff.body).toBe(200);
    const staffToken = signedStaff.json<{ accessToken: string }>().accessToken;
    const selfRaise = await app.inject({
      method: 'PUT',
      url: `/v1/accounts/${people.partnerA.id}/staff/${staffId}/permissions`,
      headers: { authorization: `Bearer ${staffToken}` },
      payload: { delegatedActions: ['read', 'write', 'modify', 'delete'] },
    });
    expect(selfRaise.statusCode).toBe(404);

    // Unknown or undelegable permissions, empty lists, duplicates, numbers: malformed.
    for (const bad of [['administer'], ['fly'], [], ['read', 'read'], [1]])
      expect((await setPermissions(people.partnerA, people.partnerA.id, staffId, bad)).statusCode).toBe(400);

    const changed = await setPermissions(people.partnerA, people.partnerA.id, staffId, ['write', 'read']);
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toEqual({ id: staffId, delegatedActions: ['read', 'write'], changed: true });
    // Their old token (with the old permissions) stops at once.
    expect(
      (await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${staffToken}` } }))
        .statusCode,
    ).toBe(401);
    const audit = await db.pool.query<{ detail: { before: string[]; after: string[] } }>(
      "SELECT detail FROM audit_log WHERE action = 'account.staff_permissions_changed' AND subject_id = $1",
      [staffId],
    );
    expect(audit.rows.map((r) => r.detail)).toMatchObject([{ before: ['read', 'modify'], after: ['read', 'write'] }]);
    // The same again changes nothing and audits nothing.
    expect(
      (await setPermissions(people.partnerA, people.partnerA.id, staffId, ['read', 'write'])).json(),
    ).toMatchObject({ changed: false });

    // Removed staff leave the list and cannot be changed.
    await app.inject({
      method: 'DELETE',
      url: `${staffUrl(people.partnerA)}/${staffId}`,
      headers: bearer(people.partnerA),
    });
    const after = await app.inject({ method: 'GET', url: staffUrl(people.partnerA), headers: bearer(people.partnerA) });
    expect(after.json<{ staff: StaffMember[] }>().staff.map((s) => s.id)).not.toContain(staffId);
    expect((await setPermissions(people.partnerA, people.partnerA.id, staffId, ['read'])).statusCode).toBe(404);
  });

  it('shows a partner its own hubs with their health and registers one with a pairing code', async () => {
    const registered = await app.inject({
      method: 'POST',
      url: '/v1/partner/hubs',
      headers: bearer(people.partnerA),
      payload: { name: 'Caisse 2', partnerId: people.partnerB.id },
    });
    // The partner comes from the session: a partnerId in the body is not taken (refused as malformed).
    expect(registered.statusCode).toBe(400);
    const created = await app.inject({
      method: 'POST',
      url: '/v1/partner/hubs',
      headers: bearer(people.partnerA),
      payload: { name: 'Caisse 2' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { hubId, pairingCode } = created.json<{ hubId: string; pairingCode: string }>();
    expect(pairingCode).toMatch(/^[A-HJKMNP-Z2-9]{10}$/);
    // The same name twice is a conflict, not a second hub.
    const twice = await app.inject({
      method: 'POST',
      url: '/v1/partner/hubs',
      headers: bearer(people.partnerA),
      payload: { name: 'Caisse 2' },
    });
    expect(twice.statusCode).toBe(409);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/partner/hubs',
          headers: bearer(people.staffA),
          payload: { name: 'X' },
        })
      ).statusCode,
    ).toBe(403);

    const mine = await app.inject({ method: 'GET', url: '/v1/partner/hubs', headers: bearer(people.partnerA) });
    expect(mine.statusCode, mine.body).toBe(200);
    const hub = mine.json<{ hubs: PartnerHub[] }>().hubs.find((h) => h.id === hubId);
    expect(hub).toMatchObject({ name: 'Caisse 2', status: 'pending', lastPushAt: null, recentRejected: 0, devices: 0 });
    expect(hub?.pairingExpiresAt).toEqual(expect.any(String));
    expect(hub?.offlinePerTransactionCentiCredits).toBeGreaterThan(0);
    expect(mine.body).not.toContain(pairingCode);
    // Staff read their partner's hubs; another partner sees none of them; a client is refused.
    const staffView = await app.inject({ method: 'GET', url: '/v1/partner/hubs', headers: bearer(people.staffA) });
    expect(staffView.json<{ hubs: PartnerHub[] }>().hubs.map((h) => h.id)).toContain(hubId);
    const other = await app.inject({ method: 'GET', url: '/v1/partner/hubs', headers: bearer(people.partnerB) });
    expect(other.json<{ hubs: PartnerHub[] }>().hubs.map((h) => h.id)).not.toContain(hubId);
    expect(
      (await app.inject({ method: 'GET', url: '/v1/partner/hubs', headers: bearer(people.clientA) })).statusCode,
    ).toBe(403);

    // The code pairs the hub once.
    const paired = await app.inject({
      method: 'POST',
      url: '/v1/hubs/pair',
      payload: { hubId, pairingCode, publicKey: { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) } },
    });
    expect(paired.statusCode, paired.body).toBe(200);
    const audit = await db.pool.query<{ actor_label: string; actor_account_id: string }>(
      "SELECT actor_label, actor_account_id FROM audit_log WHERE action = 'hub.registered' AND subject_id = $1",
      [hubId],
    );
    expect(audit.rows).toEqual([{ actor_label: 'partner', actor_account_id: people.partnerA.id }]);

    // A partner cannot pile hubs up, not even by asking for many at once (the count is taken under a lock).
    const raced = await Promise.all(
      Array.from({ length: partnerHubsMax + 3 }, (_, i) =>
        app.inject({
          method: 'POST',
          url: '/v1/partner/hubs',
          headers: bearer(people.partnerB),
          payload: { name: `Caisse ${String(i)}` },
        }),
      ),
    );
    expect(raced.filter((r) => r.statusCode === 201 || r.statusCode === 200)).toHaveLength(partnerHubsMax);
    expect(raced.filter((r) => r.statusCode === 409)).toHaveLength(3);
    const tooMany = await app.inject({
      method: 'POST',
      url: '/v1/partner/hubs',
      headers: bearer(people.partnerB),
      payload: { name: 'Une de trop' },
    });
    expect(tooMany.statusCode).toBe(409);
  });
});
