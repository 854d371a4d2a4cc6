// Proves sign-in as users meet it: wrong passwords and unknown emails look the same, the
// authenticator code is required once enrolled and never accepted twice, refresh tokens
// rotate and a reused one ends the whole session family, and guessing is rate limited.
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotpCode } from '../src/modules/identity/totp.js';
import type { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { buildAppUnderTest } from './support/modules-under-test.js';
import { everyTestBackend, testSecrets } from './support/databases.js';
import { bearer, createPeople, password, type Person, type Signed } from './support/people.js';

describe.each(everyTestBackend)('sign-in on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  const signIn = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload });
  const codeOf = (response: { json: () => unknown }) => (response.json() as { error?: { code: string } }).error?.code;

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db.pool);
    const secrets = testSecrets();
    app = await buildAppUnderTest({ db, logLevel: 'silent', ...secrets });
    people = await createPeople(db, app, secrets.masterKey);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('answers a wrong password and an unknown email the same way, and audits the refusal', async () => {
    const wrong = await signIn({ email: people.clientA.email, password: 'not it' });
    const unknown = await signIn({ email: 'nobody@test.ismail.ci', password: 'not it' });
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(codeOf(wrong)).toBe('INVALID_CREDENTIALS');
    expect(codeOf(unknown)).toBe('INVALID_CREDENTIALS');
    const audit = await db.pool.query(
      "SELECT 1 FROM audit_log WHERE action = 'auth.sign_in_refused' AND subject_id = $1",
      [people.clientA.id],
    );
    expect(audit.rowCount).toBe(1);
    // The operator's own account (issuer of credit-purchase invoices) has no password at all.
    for (const password of ['', '!', 'x'.repeat(12)])
      expect((await signIn({ email: 'operator@ismail.invalid', password })).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('requires the authenticator code once enrolled, and refuses a code already used', async () => {
    const admin = people.super;
    expect(codeOf(await signIn({ email: admin.email, password }))).toBe('SECOND_FACTOR_CODE_REQUIRED');
    expect(codeOf(await signIn({ email: admin.email, password, totpCode: '000000' }))).toBe('INVALID_CREDENTIALS');
    // The next step's code (inside the accepted window) works once; the same code again is a
    // replay. Independent of when createPeople signed in, so a step boundary cannot flip it.
    const code = currentTotpCode(admin.totpBase32 ?? '', Date.now() + 30_000);
    const nextStep = await signIn({ email: admin.email, password, totpCode: code });
    expect(nextStep.statusCode).toBe(200);
    const replay = await signIn({ email: admin.email, password, totpCode: code });
    expect(codeOf(replay)).toBe('INVALID_CREDENTIALS');
    expect(nextStep.json()).toMatchObject({ secondFactor: true, secondFactorRequired: true });
  });

  it('enrols a client in TOTP, after which sign-in needs the code', async () => {
    const client = people.clientA;
    const enrolled = await app.inject({ method: 'POST', url: '/v1/auth/totp/enroll', headers: bearer(client) });
    const { secret, otpauthUri } = enrolled.json<{ secret: string; otpauthUri: string }>();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/ISMAIL:/);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/auth/totp/confirm',
          headers: bearer(client),
          payload: { code: '123456' },
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/auth/totp/confirm',
          headers: bearer(client),
          payload: { code: currentTotpCode(secret) },
        })
      ).statusCode,
    ).toBe(200);
    expect(codeOf(await signIn({ email: client.email, password }))).toBe('SECOND_FACTOR_CODE_REQUIRED');
    const sealed = await db.pool.query<{ totp_secret_sealed: string }>(
      'SELECT totp_secret_sealed FROM accounts WHERE id = $1',
      [client.id],
    );
    expect(sealed.rows[0]?.totp_secret_sealed).not.toContain(secret);
  });

  it('rotates refresh tokens, and a reused one ends the whole family', async () => {
    const first = (await signIn({ email: people.clientB.email, password })).json<{ refreshToken: string }>();
    const second = await app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: first.refreshToken },
    });
    expect(second.statusCode).toBe(200);
    const { refreshToken: current, accessToken } = second.json<{ refreshToken: string; accessToken: string }>();
    expect(
      (await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } }))
        .statusCode,
    ).toBe(200);
    const reused = await app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: first.refreshToken },
    });
    expect(reused.statusCode).toBe(401);
    expect(codeOf(reused)).toBe('REFRESH_TOKEN_REUSED');
    // The thief's copy and the owner's newer token are both dead now.
    expect(
      codeOf(await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: current } })),
    ).toBe('UNAUTHENTICATED');
  });

  it('refuses an access token signed by another key, or expired', async () => {
    const { generateKeyPair } = await import('jose');
    const { privateKey } = await generateKeyPair('ES256');
    const kid = (await app.platform.keyring.active('access')).kid;
    const forged = await new SignJWT({ prof: 'hyper_admin', mfa: true, sid: 'x' })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
      .setSubject(people.clientA.id)
      .setIssuer('ismail-cloud')
      .setAudience('ismail-api')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/v1/admin/audit/verify',
          headers: { authorization: `Bearer ${forged}` },
        })
      ).statusCode,
    ).toBe(401);
    const realKey = await app.platform.keyring.active('access');
    const expired = await new SignJWT({ prof: 'client', mfa: false, sid: 'x' })
      .setProtectedHeader({ alg: 'ES256', kid: realKey.kid, typ: 'at+jwt' })
      .setSubject(people.clientA.id)
      .setIssuer('ismail-cloud')
      .setAudience('ismail-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(realKey.privateKey);
    expect(
      (await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${expired}` } })).statusCode,
    ).toBe(401);
  });

  it('rate-limits password guessing on one account', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await signIn({ email: people.partnerB.email, password: `guess-${String(i)}` })).statusCode);
    expect(statuses.slice(0, 9).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another account from the same address is not locked out (many users share one NAT address).
    expect((await signIn({ email: people.repB.email, password })).statusCode).toBe(200);
  });
});
