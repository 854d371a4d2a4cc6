// Proves the identity core on a real database: ISMAIL IDs unique up to the capacity limit,
// cards whose every refusal has its own reason, key rotation that keeps old cards valid, a
// signed revocation list, and an audit chain that exposes an edited row.
import { createPublicKey, randomUUID, verify as verifySignature, type JsonWebKey } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ismailIdCapacityPerDay, ismailIdPattern, listingFrom, verifyRevocationList } from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { buildCloudApp } from '../src/app.js';
import { activateAccount } from '../src/modules/identity/accounts.js';
import { allocateIsmailId } from '../src/modules/identity/ismail-id-allocator.js';
import { testBackends, testSecrets } from './support/databases.js';

const actor = { label: 'test', place: 'test' };

describe.each(testBackends)('identity on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let operator: { authorization: string };

  async function newAccount(profile = 'client', names: [string, string] = ['Ibrahim', 'Ouattara']): Promise<string> {
    const id = randomUUID();
    await db.pool.query(
      "INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash) VALUES ($1, $2, $3, $4, $5, $6, 'x')",
      [id, profile, names.join(' '), names[0], names[1], `${id}@test.ismail.ci`],
    );
    return id;
  }

  async function issueCard(accountId: string): Promise<{ cardId: string; token: string }> {
    await app.inject({ method: 'POST', url: `/v1/operator/accounts/${accountId}/activate`, headers: operator });
    const response = await app.inject({
      method: 'POST',
      url: `/v1/operator/accounts/${accountId}/cards`,
      headers: operator,
    });
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  const check = async (token: string) =>
    (await app.inject({ method: 'POST', url: '/v1/cards/verify', payload: { token, place: 'desk-1' } })).json<{
      outcome: string;
      reason?: string;
      holder?: { ismailId: string };
    }>();

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db.pool);
    const secrets = testSecrets();
    operator = { authorization: `Bearer ${secrets.operatorToken}` };
    app = await buildCloudApp({ schemaCompilation: 'on-first-use', db, logLevel: 'silent', ...secrets });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('assigns an ISMAIL ID on activation, once, and audits it', async () => {
    const accountId = await newAccount('partner');
    const first = await withTransaction(db.pool, (c) => activateAccount(c, accountId, actor));
    expect(first).toMatch(ismailIdPattern);
    expect(first.endsWith('-PT')).toBe(true);
    expect(await withTransaction(db.pool, (c) => activateAccount(c, accountId, actor))).toBe(first);
    const audit = await db.pool.query(
      "SELECT detail FROM audit_log WHERE action = 'account.activated' AND subject_id = $1",
      [accountId],
    );
    expect(audit.rows).toHaveLength(1);
  });

  it('hands out the last free ID of a full series, then refuses with ISMAIL_ID_CAPACITY_EXHAUSTED', async () => {
    const at = new Date('2030-01-15T12:00:00Z');
    const series = 'CI300115-CL';
    const lastFree = 777_777;
    await db.pool.query(
      "INSERT INTO ismail_id_allocations (series, idx, ismail_id) SELECT $1, g, 'fill-' || g FROM generate_series(0, $2::int - 1) g WHERE g <> $3",
      [series, ismailIdCapacityPerDay, lastFree],
    );
    const request = (accountId: string) => ({
      accountId,
      country: 'CI',
      timeZone: 'Africa/Abidjan',
      profile: 'client' as const,
      at,
    });
    const lucky = await newAccount();
    const got = await withTransaction(db.pool, (c) => allocateIsmailId(c, request(lucky)));
    const { rows } = await db.pool.query<{ idx: number }>(
      'SELECT idx FROM ismail_id_allocations WHERE ismail_id = $1',
      [got],
    );
    expect(rows[0]?.idx).toBe(lastFree);
    const extra = await newAccount();
    await expect(withTransaction(db.pool, (c) => allocateIsmailId(c, request(extra)))).rejects.toMatchObject({
      code: 'ISMAIL_ID_CAPACITY_EXHAUSTED',
    });
    await db.pool.query('DELETE FROM ismail_id_allocations WHERE series = $1', [series]);
  }, 300_000); // fills a whole series (a million rows): slow on the embedded database under load

  it('gives distinct IDs to many accounts activated at once', async () => {
    const accounts = await Promise.all(Array.from({ length: 60 }, () => newAccount()));
    const ids = await Promise.all(accounts.map((id) => withTransaction(db.pool, (c) => activateAccount(c, id, actor))));
    expect(new Set(ids).size).toBe(60);
  });

  it('verifies a genuine card, and refuses it once suspended, then revoked, each with its reason', async () => {
    const { cardId, token } = await issueCard(await newAccount('client', ['Awa', 'Koné']));
    expect(await check(token)).toMatchObject({
      outcome: 'valid',
      holder: { ismailId: expect.stringMatching(ismailIdPattern) },
    });
    await app.inject({
      method: 'POST',
      url: `/v1/operator/cards/${cardId}/suspend`,
      headers: operator,
      payload: { reason: 'documents under review' },
    });
    expect(await check(token)).toMatchObject({ outcome: 'refused', reason: 'SUSPENDED' });
    await app.inject({
      method: 'POST',
      url: `/v1/operator/cards/${cardId}/reinstate`,
      headers: operator,
      payload: { reason: 'review passed' },
    });
    expect(await check(token)).toMatchObject({ outcome: 'valid' });
    await app.inject({
      method: 'POST',
      url: `/v1/operator/cards/${cardId}/revoke`,
      headers: operator,
      payload: { reason: 'fraud reported' },
    });
    expect(await check(token)).toMatchObject({ outcome: 'refused', reason: 'REVOKED' });
    const reinstate = await app.inject({
      method: 'POST',
      url: `/v1/operator/cards/${cardId}/reinstate`,
      headers: operator,
      payload: { reason: 'oops' },
    });
    expect(reinstate.statusCode).toBe(409);
    const logged = await db.pool.query<{ outcome: string; reason: string | null }>(
      'SELECT outcome, reason FROM card_verifications WHERE card_id = $1 ORDER BY id',
      [cardId],
    );
    expect(logged.rows.map((r) => r.reason ?? r.outcome)).toEqual(['valid', 'SUSPENDED', 'valid', 'REVOKED']);
  });

  it('refuses tampered codes and replayed dynamic codes', async () => {
    const accountId = await newAccount('sales_rep', ['Aminata', 'Diallo']);
    const { token } = await issueCard(accountId);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = [
      header,
      Buffer.from(JSON.stringify({ ...claims, role: 'super_admin' })).toString('base64url'),
      signature,
    ].join('.');
    expect(await check(forged)).toMatchObject({ outcome: 'refused', reason: 'TAMPERED' });
    expect(await check('not a card')).toMatchObject({ outcome: 'refused', reason: 'MALFORMED' });
    const dynamic = await app.cards.dynamicCode(db.pool, accountId);
    expect(await check(dynamic.token)).toMatchObject({ outcome: 'valid' });
    expect(await check(dynamic.token)).toMatchObject({ outcome: 'refused', reason: 'REPLAYED' });
  });

  it('renewal supersedes the old card', async () => {
    const accountId = await newAccount();
    const first = await issueCard(accountId);
    const second = await issueCard(accountId);
    expect(await check(second.token)).toMatchObject({ outcome: 'valid' });
    expect(await check(first.token)).toMatchObject({ outcome: 'refused', reason: 'REVOKED' });
  });

  it('keeps cards signed before a key rotation valid, and signs new ones with the new key', async () => {
    const before = await issueCard(await newAccount());
    const rotated = await app.inject({ method: 'POST', url: '/v1/operator/keys/card/rotate', headers: operator });
    expect(rotated.statusCode).toBe(200);
    const { retiredKid, activeKid } = rotated.json<{ retiredKid: string; activeKid: string }>();
    const after = await issueCard(await newAccount());
    expect(await check(before.token)).toMatchObject({ outcome: 'valid', card: { kid: retiredKid } });
    expect(await check(after.token)).toMatchObject({ outcome: 'valid', card: { kid: activeKid } });
    const jwks = (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{
      keys: { kid: string }[];
    }>();
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([retiredKid, activeKid]));
  });

  it('publishes a JWKS against which a card verifies with Node crypto alone (independent of jose)', async () => {
    const { token } = await issueCard(await newAccount());
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string };
    const jwks = (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{
      keys: (JsonWebKey & { kid: string })[];
    }>();
    const jwk = jwks.keys.find((k) => k.kid === kid);
    expect(jwk).toBeDefined();
    const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    const signed = Buffer.from(`${header}.${payload}`);
    expect(
      verifySignature('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url')),
    ).toBe(true);
    expect(
      verifySignature(
        'sha256',
        Buffer.from(`${header}.${payload}x`),
        { key, dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature, 'base64url'),
      ),
    ).toBe(false);
  });

  it('serves a signed revocation list that a hub can verify and use offline', async () => {
    const { cardId } = await issueCard(await newAccount());
    await app.inject({
      method: 'POST',
      url: `/v1/operator/cards/${cardId}/revoke`,
      headers: operator,
      payload: { reason: 'card stolen' },
    });
    const { list } = (await app.inject({ method: 'GET', url: '/v1/cards/revocations' })).json<{ list: string }>();
    const jwks = (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<
      Parameters<typeof verifyRevocationList>[1]
    >();
    const verified = await verifyRevocationList(list, jwks);
    expect(listingFrom(verified)(cardId)).toMatchObject({ state: 'revoked' });
    expect(Math.abs(verified.iat - Date.now() / 1000)).toBeLessThan(60);
    const [h, p, s] = list.split('.') as [string, string, string];
    const trimmed = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), entries: [] }),
    ).toString('base64url');
    await expect(verifyRevocationList([h, trimmed, s].join('.'), jwks)).rejects.toThrow();
  });

  it('refuses operator routes without the operator token', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/v1/operator/keys/card/rotate`,
      headers: { authorization: 'Bearer guess' },
    });
    expect(response.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/v1/operator/audit/verify' })).statusCode).toBe(401);
  });

  it('verifies the audit chain, refuses edits, and reports the first edited row', async () => {
    const clean = (await app.inject({ method: 'GET', url: '/v1/operator/audit/verify', headers: operator })).json<{
      ok: boolean;
      entries: number;
    }>();
    expect(clean.ok).toBe(true);
    expect(clean.entries).toBeGreaterThan(10);
    await expect(db.pool.query("UPDATE audit_log SET actor_label = 'someone else' WHERE seq = 3")).rejects.toThrow(
      /append-only/,
    );
    // A database superuser can still bypass the trigger: the hash chain is what catches it.
    await db.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await db.pool.query(
      `UPDATE audit_log SET detail = jsonb_set(detail, '{reason}', '"nothing happened"') WHERE seq = 5`,
    );
    await db.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    const broken = (await app.inject({ method: 'GET', url: '/v1/operator/audit/verify', headers: operator })).json<{
      ok: boolean;
      brokenAtSeq: number;
      problem: string;
    }>();
    expect(broken).toMatchObject({ ok: false, brokenAtSeq: 5 });
    expect(broken.problem).toContain('edited');
  });
});
