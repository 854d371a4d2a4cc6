/**
 * A local OpenID Connect provider standing in for Google, Facebook or Apple sign-in, on the
 * `oidc-provider` library (certified OpenID implementation), for tests and the demo:
 *
 * - discovery at /.well-known/openid-configuration, JWKS, authorization code flow with PKCE
 *   required (S256), client_secret_basic at the token endpoint, codes used once;
 * - its own login page (login-page.ts): the people it knows (`addUser`) sign in with their
 *   login and password; consent is implied (a first-party demo), so a second visit with the
 *   provider's session goes straight back to the client;
 * - id_token faults for the relying party's refusal tests (`setIdTokenFault`, id-token-faults.ts).
 *
 * Memory is bounded (limits.ts): people kept; the library's own in-memory store expires its
 * records with their lifetimes. Never used outside tests and the demo: keys live in memory.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { type Account, type Configuration, type KoaContextLike } from 'oidc-provider';
import { BoundedMap } from '../payments/http.js';
import { tamperIdToken, type IdTokenFault } from './id-token-faults.js';
import { authorizationCodeTtlS, idTokenTtlS, loginFormMaxBytes, loginMaxChars, simulatedUsersMax } from './limits.js';
import { escapeHtml, loginPage } from './login-page.js';

export interface SimulatedUser {
  readonly login: string;
  readonly password: string;
  readonly email: string;
  readonly emailVerified?: boolean;
  readonly givenName: string;
  readonly familyName: string;
}

export interface OidcProviderSimulatorOptions {
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Where the client may be sent back (the cloud's /social/callback). */
  readonly redirectUris: readonly string[];
  /** The name shown on the login page (e.g. "Simulateur OIDC"). */
  readonly label?: string;
  readonly users?: readonly SimulatedUser[];
}

export interface OidcProviderSimulator {
  /** The issuer identifier (http://host:port), also the base URL. */
  readonly issuer: string;
  /** The subject (`sub`) the provider gives a login: opaque and stable, as real providers' are. */
  subjectOf(login: string): string;
  addUser(user: SimulatedUser): void;
  /**
   * Registers the client's return addresses anew (a test learns its cloud's port after starting the provider). The
   * provider restarts: people signed in at it sign in again.
   */
  setRedirectUris(redirectUris: readonly string[]): void;
  /** The fault every following id_token carries, or null for honest tokens. */
  setIdTokenFault(fault: IdTokenFault | null): void;
  close(): Promise<void>;
}

const subjectFor = (issuerSeed: string, login: string): string =>
  createHash('sha256').update(`${issuerSeed}:${login}`).digest('base64url').slice(0, 24);

function readForm(request: http.IncomingMessage): Promise<URLSearchParams | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    request.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= loginFormMaxBytes) chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(received > loginFormMaxBytes ? undefined : new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
    );
    request.on('error', () => resolve(undefined));
  });
}

const errorText = (out: Record<string, unknown>): string => {
  const text = out.error_description ?? out.error;
  return typeof text === 'string' ? text : 'Erreur';
};

const sendHtml = (response: http.ServerResponse, status: number, html: string): void => {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(html);
};

/** The library's configuration: one client, the people the simulator knows, consent implied, PKCE required. */
function providerConfiguration(
  options: OidcProviderSimulatorOptions,
  users: BoundedMap<string, SimulatedUser>,
  seed: string,
  privateJwk: Record<string, unknown>,
): Configuration {
  const findAccount = async (_ctx: KoaContextLike, login: string): Promise<Account | undefined> => {
    const user = users.get(login);
    if (user === undefined) return undefined;
    return {
      accountId: login,
      claims: () => ({
        sub: subjectFor(seed, login),
        email: user.email,
        email_verified: user.emailVerified ?? true,
        given_name: user.givenName,
        family_name: user.familyName,
        name: `${user.givenName} ${user.familyName}`,
      }),
    };
  };

  return {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        client_name: 'ISMAIL',
        redirect_uris: [...options.redirectUris],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [privateJwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name', 'name'] },
    // The id_token carries the scope's claims, as Google's does: the client needs no userinfo call.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount,
    // Consent is implied for this first-party demo client: the grant is made on first use.
    loadExistingGrant: async (ctx) => {
      const clientId = ctx.oidc.client?.clientId ?? '';
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(clientId);
      if (grantId !== undefined) return ctx.oidc.provider.Grant.find(grantId);
      const accountId = ctx.oidc.session.accountId;
      if (accountId === undefined) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    ttl: {
      IdToken: idTokenTtlS,
      AuthorizationCode: authorizationCodeTtlS,
      Interaction: 600,
      Session: 86_400,
      Grant: 86_400,
    },
    renderError: (ctx, out) => {
      (ctx as { type?: string }).type = 'html';
      ctx.body = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Erreur</title></head><body><h1>Erreur</h1><p>${escapeHtml(errorText(out))}</p></body></html>`;
    },
  };
}

export async function startOidcProviderSimulator(
  options: OidcProviderSimulatorOptions,
): Promise<OidcProviderSimulator> {
  const host = options.host ?? '127.0.0.1';
  const label = options.label ?? 'Simulateur OIDC';
  const users = new BoundedMap<string, SimulatedUser>(simulatedUsersMax);
  for (const user of options.users ?? []) users.set(user.login, user);
  const seed = randomBytes(16).toString('hex');
  let fault: IdTokenFault | null = null;
  let handler: http.RequestListener = (_request, response) => sendHtml(response, 503, 'starting');
  const server = http.createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host}:${String(port)}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateJwk = {
    ...privateKey.export({ format: 'jwk' }),
    kid: `sim-${seed.slice(0, 8)}`,
    alg: 'RS256',
    use: 'sig',
  };

  /** A provider for these redirect URIs, with the id_token faults applied on its way out. */
  const build = (redirectUris: readonly string[]) => {
    const built = new Provider(issuer, providerConfiguration({ ...options, redirectUris }, users, seed, privateJwk));
    built.use(async (ctx, next) => {
      await next();
      const body = ctx.body as { id_token?: unknown } | undefined;
      if (fault !== null && ctx.path === '/token' && typeof body?.id_token === 'string')
        ctx.body = { ...body, id_token: tamperIdToken(body.id_token, fault, privateJwk) };
    });
    return { provider: built, oidc: built.callback() };
  };
  let { provider, oidc } = build(options.redirectUris);

  async function onInteraction(
    uid: string,
    isLogin: boolean,
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> {
    const details = await provider.interactionDetails(request, response);
    if (details.uid !== uid) return sendHtml(response, 400, 'Interaction inconnue.');
    if (details.prompt.name === 'consent' && details.session?.accountId !== undefined) {
      // A grant revoked (a replayed code revokes it) is made again: consent stays implied.
      const grant = new provider.Grant({
        clientId: String(details.params.client_id),
        accountId: details.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      const grantId = await grant.save();
      return provider.interactionFinished(
        request,
        response,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
    }
    if (!isLogin)
      return sendHtml(response, 200, loginPage({ uid, clientName: 'ISMAIL', providerLabel: label, failed: false }));
    const form = await readForm(request);
    const login = form?.get('login')?.trim() ?? '';
    const password = form?.get('password') ?? '';
    const user = login.length <= loginMaxChars ? users.get(login) : undefined;
    if (user === undefined || user.password !== password)
      return sendHtml(response, 200, loginPage({ uid, clientName: 'ISMAIL', providerLabel: label, failed: true }));
    await provider.interactionFinished(
      request,
      response,
      { login: { accountId: login } },
      { mergeWithLastSubmission: false },
    );
  }

  handler = (request, response) => {
    const match = /^\/interaction\/([A-Za-z0-9_-]{1,64})(\/login)?$/.exec((request.url ?? '').split('?')[0] ?? '');
    if (match?.[1] === undefined) return oidc(request, response);
    const isLogin = match[2] !== undefined && request.method === 'POST';
    onInteraction(match[1], isLogin, request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendHtml(response, 400, escapeHtml(`Session de connexion expirée : ${(error as Error).message}`));
    });
  };

  return {
    issuer,
    subjectOf: (login) => subjectFor(seed, login),
    addUser: (user) => users.set(user.login, user),
    setRedirectUris: (redirectUris) => {
      ({ provider, oidc } = build(redirectUris));
    },
    setIdTokenFault: (next) => {
      fault = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
