// Proves the cloud side of the hub sync contract (SPEC 3.8) over HTTP: an admin registers a
// hub and gets a one-time pairing code; the hub pairs once (a reused, wrong or expired code
// is refused alike); its pushed operations are applied exactly once and in its own order
// (replayed and reordered batches change nothing, a gap waits, a business refusal is
// recorded and does not block the next); the same id with other content is refused; a
// revoked hub can no longer push; and the ledger check passes.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubOperation, PushResponse } from '@ismail/shared';
import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { buildCloudApp } from '../src/http/app.js';
import { walletBalance } from '../src/wallet/history.js';
import { checkLedger } from '../src/wallet/ledger-check.js';
import { seedDefaultRates } from '../src/wallet/rates.js';
import { testBackends, testSecrets } from './support/databases.js';
import { bearer, createPeople, type Person, type Signed } from './support/people.js';

const publicKey = { kty: 'OKP', crv: 'Ed25519', x: 'x'.repeat(43) };

describe.each(testBackends)('hub sync (cloud side) on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let hubId: string;
  let token: string;
  let productId: string;
  let seq = 0;

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db.pool);
    await seedDefaultRates(db.pool);
    const secrets = testSecrets();
    app = await buildCloudApp({ db, logLevel: 'error', ...secrets });
    people = await createPeople(db, app, secrets.masterKey);
    productId = (await app.commerce.shop.createProduct(people.partnerA.id, { name: 'Garba', category: 'plats', kind: 'physical', priceXof: 1_000, taxGroup: 'CI-TVA-9' })).id;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const push = (operations: HubOperation[], auth = `Hub ${token}`) => app.inject({ method: 'POST', url: '/v1/hubs/sync/push', headers: { authorization: auth, 'x-hub-time': new Date().toISOString() }, payload: { operations } });
  const topUp = (amountXof: number, accountId = people.clientA.id): HubOperation => ({ id: randomUUID(), seq: ++seq, type: 'wallet.cash_top_up', at: new Date().toISOString(), payload: { accountId, amountXof } });

  it('registers a hub with a one-time code that pairs once', async () => {
    expect((await app.inject({ method: 'POST', url: '/v1/admin/hubs', headers: bearer(people.partnerA), payload: { partnerId: people.partnerA.id, name: 'Caisse 1' } })).statusCode).toBe(403);
    const registered = await app.inject({ method: 'POST', url: '/v1/admin/hubs', headers: bearer(people.admin), payload: { partnerId: people.partnerA.id, name: 'Caisse 1' } });
    expect(registered.statusCode).toBe(201);
    const { hub, pairingCode } = registered.json<{ hub: { id: string; status: string }; pairingCode: string }>();
    expect(hub.status).toBe('pending');
    hubId = hub.id;
    const pair = (code: string) => app.inject({ method: 'POST', url: '/v1/hubs/pair', payload: { hubId, pairingCode: code, publicKey } });
    expect((await pair('AAAAAAAAAA')).statusCode).toBe(401);
    const paired = await pair(pairingCode);
    expect(paired.statusCode).toBe(200);
    token = paired.json<{ token: string }>().token;
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect((await pair(pairingCode)).statusCode).toBe(401); // spent
    const stored = await db.pool.query<{ token_hash: string }>('SELECT token_hash FROM hubs WHERE id = $1', [hubId]);
    expect(stored.rows[0]?.token_hash).not.toContain(token);
  });

  it('applies operations once and in order: replays are duplicates, a gap waits, refusals do not block', async () => {
    const before = (await walletBalance(db, people.clientA.id)).availableCentiCredits;
    const a = topUp(1_000);
    const b = topUp(2_000);
    const first = (await push([b, a])).json<PushResponse>();
    expect(first.outcomes.map((o) => [o.seq, o.status])).toEqual([[a.seq, 'applied'], [b.seq, 'applied']]);
    expect(first.expectedSeq).toBe(b.seq + 1);
    // The same batch again (the answer was lost): nothing is applied twice.
    const again = (await push([a, b])).json<PushResponse>();
    expect(again.outcomes.map((o) => o.status)).toEqual(['duplicate', 'duplicate']);
    expect((await walletBalance(db, people.clientA.id)).availableCentiCredits - before).toBe(6_000);
    // A gap: operation 4 arrives before 3.
    const c = topUp(500);
    const d = topUp(500);
    const gapped = (await push([d])).json<PushResponse>();
    expect(gapped).toMatchObject({ outcomes: [{ seq: d.seq, status: 'not_applied' }], expectedSeq: c.seq });
    // A refusal (an unknown account) is recorded with its reason and the sequence moves on.
    const bad = { ...c, payload: { accountId: randomUUID(), amountXof: 500 } };
    const filled = (await push([bad, d])).json<PushResponse>();
    expect(filled.outcomes.map((o) => o.status)).toEqual(['rejected', 'applied']);
    expect(filled.outcomes[0]?.reason).toMatch(/^NOT_FOUND/);
    // The same id with other content is refused, never applied.
    const forged = (await push([{ ...a, payload: { accountId: people.clientA.id, amountXof: 999_999 } }])).json<PushResponse>();
    expect(forged.outcomes[0]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/another operation/) as unknown });
    expect((await walletBalance(db, people.clientA.id)).availableCentiCredits - before).toBe(7_000);
  });

  it('applies a hub sale that takes stock below zero, and flags it', async () => {
    const sale: HubOperation = { id: randomUUID(), seq: ++seq, type: 'shop.sale', at: new Date().toISOString(), payload: { saleId: 'T-0001', items: [{ productId, quantity: 2 }] } };
    const out = (await push([sale])).json<PushResponse>();
    expect(out.outcomes[0]).toMatchObject({ status: 'applied', result: { flagged: [{ productId, quantity: -2 }] } });
    expect(await app.commerce.shop.stock(productId, `hub:${hubId}`)).toBe(-2);
  });

  it('refuses a push without the token, with a malformed batch, and from a revoked hub', async () => {
    expect((await push([topUp(100)], 'Hub nope-not-a-token-at-all')).statusCode).toBe(401);
    seq--;
    expect((await push([], `Hub ${token}`)).statusCode).toBe(400);
    const revoked = await app.inject({ method: 'POST', url: `/v1/admin/hubs/${hubId}/revoke`, headers: bearer(people.admin), payload: { reason: 'volée' } });
    expect(revoked.json()).toMatchObject({ status: 'revoked' });
    expect((await push([topUp(100)])).statusCode).toBe(401);
    const audit = await db.pool.query<{ action: string }>("SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY seq", [hubId]);
    expect(audit.rows.map((r) => r.action)).toEqual(['hub.registered', 'hub.paired', 'hub.revoked']);
    expect((await checkLedger(db)).ok).toBe(true);
  });
});
