// Proves the simulated OpenID Connect provider behaves as a real one for the authorization code
// flow: discovery, its login page, PKCE required, a code that works once, an id_token with the
// person's claims, a second visit that skips the form, and the id_token faults the tests ask for.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerBrowser } from './browser.js';
import { startOidcProviderSimulator, type OidcProviderSimulator } from './provider.js';

const client = { clientId: 'ismail-test', clientSecret: 'ismail-test-secret-0123456789' };
const redirectUri = 'http://127.0.0.1:9/social/callback';
const awa = { login: 'awa', password: 'mot-de-passe', email: 'awa@exemple.ci', givenName: 'Awa', familyName: 'Koné' };

function authorizationUrl(issuer: string, verifier: string, state: string): string {
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const params = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid email profile',
    state,
    nonce: 'n-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `${issuer}/auth?${params.toString()}`;
}

async function exchange(issuer: string, code: string, verifier: string): Promise<Response> {
  return fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
}

const claimsOf = (idToken: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describe('simulated OpenID Connect provider', () => {
  let sim: OidcProviderSimulator;
  beforeAll(async () => {
    sim = await startOidcProviderSimulator({ port: 0, ...client, redirectUris: [redirectUri], users: [awa] });
  });
  afterAll(async () => sim.close());

  it('publishes its discovery document with PKCE S256', async () => {
    const discovery = (await (await fetch(`${sim.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(discovery.issuer).toBe(sim.issuer);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('signs a person in once per code, with their claims, and remembers the session', async () => {
    const browser = providerBrowser(sim.issuer);
    const verifier = randomBytes(32).toString('base64url');
    const back = await browser.signIn(authorizationUrl(sim.issuer, verifier, 's-1'), 'awa', 'mot-de-passe');
    expect(back.origin + back.pathname).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe('s-1');
    const code = back.searchParams.get('code') ?? '';
    const first = await exchange(sim.issuer, code, verifier);
    expect(first.status).toBe(200);
    const claims = claimsOf(((await first.json()) as { id_token: string }).id_token);
    expect(claims).toMatchObject({
      sub: sim.subjectOf('awa'),
      email: 'awa@exemple.ci',
      nonce: 'n-1',
      aud: client.clientId,
    });
    const replay = await exchange(sim.issuer, code, verifier);
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
    // Second visit: the provider's session answers at once, with a wrong password never asked.
    const again = await browser.signIn(authorizationUrl(sim.issuer, verifier, 's-2'), 'awa', 'wrong');
    expect(again.searchParams.get('code')).toBeTruthy();
  });

  it('refuses a wrong password on its page and a request without PKCE', async () => {
    await expect(
      providerBrowser(sim.issuer).signIn(authorizationUrl(sim.issuer, 'v'.repeat(43), 's'), 'awa', 'nope'),
    ).rejects.toThrow(/redirects|form/);
    const noPkce = new URL(authorizationUrl(sim.issuer, 'v'.repeat(43), 's'));
    noPkce.searchParams.delete('code_challenge');
    noPkce.searchParams.delete('code_challenge_method');
    const refused = await fetch(noPkce, { redirect: 'manual' });
    expect(new URL(refused.headers.get('location') ?? '', sim.issuer).searchParams.get('error')).toBe(
      'invalid_request',
    );
  });

  it('puts the asked fault in the id_token, still validly signed', async () => {
    sim.setIdTokenFault('wrong-audience');
    const verifier = randomBytes(32).toString('base64url');
    const back = await providerBrowser(sim.issuer).signIn(
      authorizationUrl(sim.issuer, verifier, 's'),
      'awa',
      'mot-de-passe',
    );
    const answer = (await (await exchange(sim.issuer, back.searchParams.get('code') ?? '', verifier)).json()) as {
      id_token: string;
    };
    sim.setIdTokenFault(null);
    expect(claimsOf(answer.id_token).aud).toBe('another-client');
  });
});
