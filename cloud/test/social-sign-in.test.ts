// Proves social sign-in against the local OpenID Connect provider: a provider identity linked to
// nothing creates nothing and links nothing, even when its email is an account's (attack); it links
// an existing account only after that account's password (and authenticator code when enrolled),
// then signs straight in; every tampered answer is refused (bad or replayed state, another browser,
// a replayed code, a wrong nonce, issuer or audience, an expired id_token); unlinking is audited.
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerBrowser, startOidcProviderSimulator, type OidcProviderSimulator } from '@ismail/firmware-sim';
import { allModules } from '../src/app.js';
import { OidcIdentityProvider } from '../src/modules/identity/oidc-relying-party.js';
import { currentTotpCode } from '../src/modules/identity/totp.js';
import { socialModule, socialModuleWith } from '../src/modules/social/index.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { password, type Person, type Signed } from './support/people.js';

const client = { clientId: 'ismail-test', clientSecret: 'oidc-test-secret-0123456789' };
const redirectUri = 'http://127.0.0.1:9/social/callback';

interface Answer {
  status: 'signed-in' | 'second-factor' | 'unlinked';
  ticket?: string;
  tokens?: { accessToken: string; secondFactor: boolean };
  identity?: { email: string | null };
}

describe.each(testBackends)('social sign-in on $name', (backend) => {
  let cloud: TestCloud;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let sim: OidcProviderSimulator;

  beforeAll(async () => {
    sim = await startOidcProviderSimulator({ port: 0, ...client, redirectUris: [redirectUri], label: 'Simulateur' });
    const provider = new OidcIdentityProvider({ issuer: sim.issuer, ...client, label: 'Simulateur' });
    const social = socialModuleWith({ providers: [provider], redirectUri });
    cloud = await openTestCloud(backend, { modules: allModules.map((m) => (m === socialModule ? social : m)) });
    ({ app, people } = cloud);
  });
  afterAll(async () => {
    await cloud.close();
    await sim.close();
  });

  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
  const problem = (body: string): string | undefined =>
    (JSON.parse(body) as { error: { details?: { problem: string }[] } }).error.details?.[0]?.problem;

  /** One person's browser: starts at the cloud, signs in at the provider, returns the provider's answer. */
  function person(login: string, email: string) {
    sim.addUser({ login, password: 'provider-pw', email, givenName: 'Awa', familyName: 'Koné' });
    const browser = providerBrowser(sim.issuer);
    const browserKey = randomBytes(32).toString('base64url');
    return {
      browserKey,
      async answer(): Promise<string> {
        const started = await post('/v1/social/start', { provider: 'oidc', browserKey });
        expect(started.statusCode).toBe(200);
        const url = started.json<{ authorizationUrl: string }>().authorizationUrl;
        expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
        return (await browser.signIn(url, login, 'provider-pw')).search;
      },
      async callback(query: string, key = browserKey) {
        return post('/v1/social/callback', { query, browserKey: key });
      },
    };
  }

  const linkedCount = async (accountId: string): Promise<number> =>
    Number(
      (
        await cloud.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM social_identities WHERE account_id = $1', [
          accountId,
        ])
      ).rows[0]?.n,
    );

  it("an identity whose email is an account's links nothing without that account's password (attack)", async () => {
    const victim = people.clientA;
    const attacker = person(`attacker-${randomUUID().slice(0, 6)}`, victim.email);
    const first = await attacker.callback(await attacker.answer());
    expect(first.statusCode).toBe(200);
    const answer = first.json<Answer>();
    expect(answer.status).toBe('unlinked');
    expect(answer.tokens).toBeUndefined();
    expect(answer.identity?.email).toBe(victim.email);
    const guess = await post('/v1/social/link', { ticket: answer.ticket, email: victim.email, password: 'guess-1234' });
    expect(guess.statusCode).toBe(401);
    expect(guess.json<{ error: { code: string } }>().error.code).toBe('INVALID_CREDENTIALS');
    // Signing up with the victim's email is refused too: the email is taken, never linked on its own.
    const signUp = await post('/v1/social/sign-up', {
      ticket: answer.ticket,
      profile: 'client',
      email: victim.email,
      password: 'another-password-1',
      firstName: 'Awa',
      lastName: 'Koné',
    });
    expect(signUp.statusCode).toBe(409);
    expect(await linkedCount(victim.id)).toBe(0);
    expect((await attacker.callback(await attacker.answer())).json<Answer>().status).toBe('unlinked');
  });

  it('links an existing account after its password, audited, then signs straight in', async () => {
    const owner = people.clientB;
    const browser = person(`awa-${randomUUID().slice(0, 6)}`, 'awa.personal@exemple.ci');
    const answer = (await browser.callback(await browser.answer())).json<Answer>();
    expect(answer.status).toBe('unlinked');
    const linked = await post('/v1/social/link', { ticket: answer.ticket, email: owner.email, password });
    expect(linked.statusCode).toBe(200);
    // The ticket is spent: the same proof cannot link a second time.
    const again = await post('/v1/social/link', { ticket: answer.ticket, email: owner.email, password });
    expect(problem(again.body)).toBe('TICKET_UNKNOWN');
    const audit = await cloud.db.pool.query(
      "SELECT 1 FROM audit_log WHERE action = 'social.identity_linked' AND subject_id = $1",
      [owner.id],
    );
    expect(audit.rowCount).toBe(1);
    const direct = (await browser.callback(await browser.answer())).json<Answer>();
    expect(direct.status).toBe('signed-in');
    const me = await app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: `Bearer ${direct.tokens?.accessToken ?? ''}` },
    });
    expect(me.json<{ id: string }>().id).toBe(owner.id);

    const list = await app.inject({
      method: 'GET',
      url: '/v1/social/identities',
      headers: { authorization: `Bearer ${direct.tokens?.accessToken ?? ''}` },
    });
    const [identity] = list.json<{ identities: { id: string; providerLabel: string }[] }>().identities;
    expect(identity?.providerLabel).toBe('Simulateur');
    const foreign = await app.inject({
      method: 'DELETE',
      url: `/v1/social/identities/${identity?.id ?? ''}`,
      headers: { authorization: `Bearer ${people.clientA.token}` },
    });
    expect(foreign.statusCode).toBe(404);
    const unlinked = await app.inject({
      method: 'DELETE',
      url: `/v1/social/identities/${identity?.id ?? ''}`,
      headers: { authorization: `Bearer ${direct.tokens?.accessToken ?? ''}` },
    });
    expect(unlinked.statusCode).toBe(204);
    expect((await browser.callback(await browser.answer())).json<Answer>().status).toBe('unlinked');
  });

  it('asks for the authenticator code of an account that enrolled one, at link and at sign-in', async () => {
    const admin = people.partnerA;
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const { seal } = await import('../src/platform/crypto/sealed.js');
    await cloud.db.pool.query('UPDATE accounts SET totp_secret_sealed = $2, totp_enabled_at = now() WHERE id = $1', [
      admin.id,
      seal(cloud.secrets.masterKey, `totp:${admin.id}`, Buffer.from(secret)),
    ]);
    const browser = person(`moussa-${randomUUID().slice(0, 6)}`, 'moussa@exemple.ci');
    const answer = (await browser.callback(await browser.answer())).json<Answer>();
    const noCode = await post('/v1/social/link', { ticket: answer.ticket, email: admin.email, password });
    expect(noCode.json<{ error: { code: string } }>().error.code).toBe('SECOND_FACTOR_CODE_REQUIRED');
    const withCode = await post('/v1/social/link', {
      ticket: answer.ticket,
      email: admin.email,
      password,
      totpCode: currentTotpCode(secret),
    });
    expect(withCode.statusCode).toBe(200);
    const next = (await browser.callback(await browser.answer())).json<Answer>();
    expect(next.status).toBe('second-factor');
    expect(next.tokens).toBeUndefined();
    const wrong = await post('/v1/social/second-factor', { ticket: next.ticket, totpCode: '000000' });
    expect(wrong.statusCode).toBe(401);
  });

  it('signs up a new pending account for a new identity (KYC still required)', async () => {
    const browser = person(`ines-${randomUUID().slice(0, 6)}`, 'ines@exemple.ci');
    const answer = (await browser.callback(await browser.answer())).json<Answer>();
    const email = `ines-${randomUUID().slice(0, 6)}@exemple.ci`;
    const created = await post('/v1/social/sign-up', {
      ticket: answer.ticket,
      profile: 'client',
      email,
      password: 'a-long-password-1',
      firstName: 'Inès',
      lastName: 'Traoré',
    });
    expect(created.statusCode).toBe(200);
    const { rows } = await cloud.db.pool.query<{ status: string }>('SELECT status FROM accounts WHERE email = $1', [
      email,
    ]);
    expect(rows[0]?.status).toBe('pending');
    expect((await browser.callback(await browser.answer())).json<Answer>().status).toBe('signed-in');
  });

  it('links once when two proofs race with one ticket, and refuses malformed or unsigned calls', async () => {
    const owner = people.partnerB;
    const browser = person(`race-${randomUUID().slice(0, 6)}`, 'race@exemple.ci');
    const answer = (await browser.callback(await browser.answer())).json<Answer>();
    const proof = { ticket: answer.ticket, email: owner.email, password };
    const raced = await Promise.all([post('/v1/social/link', proof), post('/v1/social/link', proof)]);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 401]);
    expect(await linkedCount(owner.id)).toBe(1);
    const malformed = await post('/v1/social/callback', { query: 'state=x', browserKey: 'short' });
    expect(malformed.statusCode).toBe(400);
    const unknownProvider = await post('/v1/social/start', { provider: 'facebook', browserKey: 'k'.repeat(43) });
    expect(unknownProvider.statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/v1/social/identities' })).statusCode).toBe(401);
  });

  it('refuses a bad, replayed or foreign state and a replayed code', async () => {
    const browser = person(`kofi-${randomUUID().slice(0, 6)}`, 'kofi@exemple.ci');
    const query = await browser.answer();
    const tampered = query.replace(/state=[^&]+/, `state=${randomBytes(32).toString('base64url')}`);
    expect(problem((await browser.callback(tampered)).body)).toBe('STATE_UNKNOWN');
    const otherBrowser = randomBytes(32).toString('base64url');
    expect(problem((await browser.callback(query, otherBrowser)).body)).toBe('STATE_UNKNOWN');
    expect((await browser.callback(query)).statusCode).toBe(200);
    expect(problem((await browser.callback(query)).body)).toBe('STATE_UNKNOWN');
    // The used code under a fresh request's state: the provider refuses it.
    const fresh = new URLSearchParams(await browser.answer());
    const replay = new URLSearchParams(query.slice(1));
    replay.set('state', fresh.get('state') ?? '');
    expect(problem((await browser.callback(`?${replay.toString()}`)).body)).toBe('CODE_REJECTED');
  });

  it.each([
    ['wrong-nonce', 'NONCE_MISMATCH'],
    ['wrong-issuer', 'WRONG_ISSUER'],
    ['wrong-audience', 'WRONG_AUDIENCE'],
    ['expired', 'ID_TOKEN_EXPIRED'],
  ] as const)('refuses an id_token with %s', async (fault, reason) => {
    const browser = person(`fault-${randomUUID().slice(0, 6)}`, 'fault@exemple.ci');
    const query = await browser.answer();
    sim.setIdTokenFault(fault);
    try {
      const refused = await browser.callback(query);
      expect(refused.statusCode).toBe(401);
      expect(problem(refused.body)).toBe(reason);
    } finally {
      sim.setIdTokenFault(null);
    }
  });
});
