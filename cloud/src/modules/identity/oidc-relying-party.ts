/**
 * The cloud as an OpenID Connect relying party (openid-client 6): the `IdentityProvider` adapter
 * social sign-in goes through, one per configured provider (Google, Facebook, Apple or the local
 * simulator all speak OpenID Connect; a provider that does not gets its own adapter).
 *
 * Authorization code flow with PKCE (S256), state and nonce; the code is redeemed with the
 * client secret, and the id_token is checked by the library: signature against the issuer's
 * JWKS, `iss`, `aud`, `exp`/`iat`, `nonce`, and the RFC 9207 `iss` of the response. Every
 * refusal comes back as a value with a stable reason, never as a thrown library error.
 *
 * Must never trust an email for identity: what identifies a person is (issuer, subject).
 */
import * as client from 'openid-client';
import type { OidcSettings } from './oidc-config.js';

export interface VerifiedIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly givenName: string | null;
  readonly familyName: string | null;
}

export type OidcRefusal =
  | 'PROVIDER_REFUSED'
  | 'CODE_REJECTED'
  | 'STATE_MISMATCH'
  | 'NONCE_MISMATCH'
  | 'WRONG_ISSUER'
  | 'WRONG_AUDIENCE'
  | 'ID_TOKEN_EXPIRED'
  | 'ID_TOKEN_INVALID'
  | 'PROVIDER_UNREACHABLE';

export type RedeemOutcome =
  { readonly ok: true; readonly identity: VerifiedIdentity } | { readonly ok: false; readonly reason: OidcRefusal };

export interface AuthorizationChecks {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface IdentityProvider {
  /** Stable id in URLs and records ('oidc'). */
  readonly id: string;
  /** The name people see: "Continuer avec <label>". */
  readonly label: string;
  readonly issuer: string;
  /** Where to send the browser: the provider's login with this request's state, nonce and PKCE challenge. */
  authorizationUrl(redirectUri: string, checks: AuthorizationChecks): Promise<URL>;
  /** Redeems the code of the URL the provider sent the browser back to, and checks the id_token. */
  redeem(callbackUrl: URL, checks: AuthorizationChecks): Promise<RedeemOutcome>;
}

const loopback = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

const textClaim = (value: unknown, maxLength: number): string | null =>
  typeof value === 'string' && value.length >= 1 && value.length <= maxLength ? value : null;

/** The JWT claim a comparison failed on: openid-client wraps oauth4webapi's error, which names it in its cause. */
function claimOf(error: unknown): unknown {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && typeof current === 'object' && current !== null; depth += 1) {
    const cause = (current as { cause?: unknown }).cause;
    if (typeof cause === 'object' && cause !== null && 'claim' in cause) return cause.claim;
    current = cause;
  }
  return undefined;
}

/** The library's errors, by their stable codes, as the refusals people are told about. */
export function refusalOf(error: unknown): OidcRefusal {
  const code = (error as { code?: unknown }).code;
  const claim = claimOf(error);
  if (error instanceof client.ResponseBodyError)
    return error.error === 'invalid_grant' ? 'CODE_REJECTED' : 'PROVIDER_REFUSED';
  if (error instanceof client.AuthorizationResponseError) return 'PROVIDER_REFUSED';
  switch (code) {
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      return 'ID_TOKEN_EXPIRED';
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      if (claim === 'nonce') return 'NONCE_MISMATCH';
      if (claim === 'iss') return 'WRONG_ISSUER';
      if (claim === 'aud' || claim === 'azp') return 'WRONG_AUDIENCE';
      return 'ID_TOKEN_INVALID';
    case 'OAUTH_INVALID_RESPONSE':
      return /state/i.test((error as Error).message) ? 'STATE_MISMATCH' : 'ID_TOKEN_INVALID';
    case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
      return 'WRONG_ISSUER';
    default:
      return error instanceof TypeError || code === 'OAUTH_RESPONSE_IS_NOT_JSON'
        ? 'PROVIDER_UNREACHABLE'
        : 'ID_TOKEN_INVALID';
  }
}

export class OidcIdentityProvider implements IdentityProvider {
  readonly id = 'oidc';
  readonly label: string;
  readonly issuer: string;
  readonly #settings: OidcSettings;
  #configuration: Promise<client.Configuration> | undefined;

  constructor(settings: OidcSettings) {
    this.#settings = settings;
    this.label = settings.label;
    this.issuer = settings.issuer;
  }

  /** Discovery once, kept; a failed discovery is tried again on the next request. */
  #config(): Promise<client.Configuration> {
    this.#configuration ??= client
      .discovery(
        new URL(this.#settings.issuer),
        this.#settings.clientId,
        { token_endpoint_auth_method: 'client_secret_basic' },
        client.ClientSecretBasic(this.#settings.clientSecret),
        // Plain http only for the loopback simulator (oidc-config refuses it for any other host).
        loopback.test(this.#settings.issuer)
          ? { execute: [client.allowInsecureRequests], timeout: 10 }
          : { timeout: 10 },
      )
      .catch((error: unknown) => {
        this.#configuration = undefined;
        throw error;
      });
    return this.#configuration;
  }

  async authorizationUrl(redirectUri: string, checks: AuthorizationChecks): Promise<URL> {
    const config = await this.#config();
    return client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  async redeem(callbackUrl: URL, checks: AuthorizationChecks): Promise<RedeemOutcome> {
    try {
      const config = await this.#config();
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (claims === undefined) return { ok: false, reason: 'ID_TOKEN_INVALID' };
      return {
        ok: true,
        identity: {
          issuer: claims.iss,
          subject: claims.sub,
          email: textClaim(claims.email, 254)?.toLowerCase() ?? null,
          emailVerified: claims.email_verified === true,
          givenName: textClaim(claims.given_name, 100),
          familyName: textClaim(claims.family_name, 100),
        },
      };
    } catch (error) {
      return { ok: false, reason: refusalOf(error) };
    }
  }
}
