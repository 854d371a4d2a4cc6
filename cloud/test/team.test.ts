// Proves the agency chief's team (issue 23): the tree holds the chief's reps and their partners only; a transfer
// request names partners and reps of the chief's own team, one open request per partner (a duplicate is refused);
// only an admin with the second factor decides; an approval moves the partner with its history, a refusal keeps
// them where they are; each step is audited.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { testBackends } from './support/databases.js';
import { openTestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';

describe.each(testBackends.slice(-1))('the agency chief’s team on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let repA2: string;

  beforeAll(async () => {
    ({ db, app, people } = await openTestCloud(backend, { logLevel: 'silent', seedRates: false }));
    repA2 = randomUUID();
    await db.pool.query(
      `INSERT INTO accounts (id, profile, display_name, email, password_hash, status, agency_id, supervisor_id)
       SELECT $1, 'sales_rep', 'Koffi Commercial', $2, password_hash, 'active', agency_id, id FROM accounts WHERE id = $3`,
      [repA2, `rep2-${repA2.slice(0, 8)}@test.ismail.ci`, people.chiefA.id],
    );
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const ask = (who: Signed, partnerId: string, toSalesRepId: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/team/transfer-requests',
      headers: bearer(who),
      payload: { partnerId, toSalesRepId, reason: 'Partenaire plus proche de ce commercial' },
    });
  const decide = (who: Signed, requestId: string, approve: boolean) =>
    app.inject({
      method: 'POST',
      url: `/v1/admin/transfer-requests/${requestId}/decision`,
      headers: bearer(who),
      payload: { approve, reason: approve ? 'accord de la direction' : 'attendre la fin du trimestre' },
    });
  const repOf = async (partnerId: string) =>
    (await db.pool.query<{ sales_rep_id: string }>('SELECT sales_rep_id FROM accounts WHERE id = $1', [partnerId]))
      .rows[0]?.sales_rep_id;

  it('shows the chief their reps and their partners, and nobody else the tree', async () => {
    const tree = await app.inject({ method: 'GET', url: '/v1/team', headers: bearer(people.chiefA) });
    expect(tree.statusCode).toBe(200);
    const reps = tree.json<{ reps: { id: string; partners: { id: string }[] }[] }>().reps;
    expect(reps.map((r) => r.id).sort()).toEqual([people.repA.id, repA2].sort());
    expect(reps.find((r) => r.id === people.repA.id)?.partners.map((p) => p.id)).toEqual([people.partnerA.id]);
    for (const who of ['repA', 'partnerA', 'clientA', 'admin'] as const)
      expect((await app.inject({ method: 'GET', url: '/v1/team', headers: bearer(people[who]) })).statusCode).toBe(403);
  });

  it('refuses requests outside the team, from others than chiefs, and a second open one', async () => {
    expect((await ask(people.chiefB, people.partnerA.id, people.repB.id)).statusCode).toBe(404);
    expect((await ask(people.chiefA, people.partnerB.id, repA2)).statusCode).toBe(404);
    expect((await ask(people.chiefA, people.partnerA.id, people.repB.id)).statusCode).toBe(404);
    expect((await ask(people.chiefA, people.partnerA.id, people.repA.id)).statusCode).toBe(409);
    expect((await ask(people.repA, people.partnerA.id, repA2)).statusCode).toBe(403);
    expect((await ask(people.clientA, people.partnerA.id, repA2)).statusCode).toBe(403);
    const [first, second] = await Promise.all([
      ask(people.chiefA, people.partnerA.id, repA2),
      ask(people.chiefA, people.partnerA.id, repA2),
    ]);
    expect([first?.statusCode, second?.statusCode].sort()).toEqual([201, 409]);
    const requestId = (first?.statusCode === 201 ? first : second)?.json<{ id: string }>().id ?? '';
    // Only an admin with the second factor decides; the chief reads it as pending.
    expect((await decide(people.chiefA, requestId, true)).statusCode).toBe(403);
    expect((await decide(people.adminNoMfa, requestId, true)).statusCode).toBe(403);
    const mine = await app.inject({ method: 'GET', url: '/v1/team/transfer-requests', headers: bearer(people.chiefA) });
    expect(mine.json<{ requests: { id: string; state: string; to: { name: string } }[] }>().requests[0]).toMatchObject({
      id: requestId,
      state: 'pending',
      to: { name: 'Koffi Commercial' },
    });
    const theirs = await app.inject({
      method: 'GET',
      url: '/v1/team/transfer-requests',
      headers: bearer(people.chiefB),
    });
    expect(theirs.json<{ requests: unknown[] }>().requests).toEqual([]);

    // Refused: the partner stays; a new request can then be made and approved: the partner moves, with history.
    expect((await decide(people.admin, requestId, false)).json<{ state: string }>().state).toBe('refused');
    expect(await repOf(people.partnerA.id)).toBe(people.repA.id);
    expect((await decide(people.admin, requestId, true)).statusCode).toBe(409);
    const again = await ask(people.chiefA, people.partnerA.id, repA2);
    expect(again.statusCode).toBe(201);
    const approved = await decide(people.admin, again.json<{ id: string }>().id, true);
    expect(approved.json<{ state: string; decisionReason: string }>()).toMatchObject({
      state: 'approved',
      decisionReason: 'accord de la direction',
    });
    expect(await repOf(people.partnerA.id)).toBe(repA2);
    const history = await db.pool.query(
      'SELECT 1 FROM attachment_transfers WHERE partner_id = $1 AND to_sales_rep_id = $2',
      [people.partnerA.id, repA2],
    );
    expect(history.rowCount).toBe(1);
    const audit = await db.pool.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE subject_id = $1 AND action LIKE 'hierarchy.%' ORDER BY seq",
      [people.partnerA.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'hierarchy.transfer_requested',
      'hierarchy.transfer_refused',
      'hierarchy.transfer_requested',
      'hierarchy.partner_transferred',
    ]);
  });
});
