/**
 * Faults the simulated provider can put in the id_token it issues, re-signed with its real key so
 * that only the relying party's claim checks (not the signature check) can catch them: an expired
 * token, another client's audience, another issuer, a nonce that is not the one the client sent.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

export type IdTokenFault = 'expired' | 'wrong-audience' | 'wrong-issuer' | 'wrong-nonce';

const base64url = (bytes: Buffer): string => bytes.toString('base64url');

function withFault(claims: Record<string, unknown>, fault: IdTokenFault, nowS: number): Record<string, unknown> {
  switch (fault) {
    case 'expired':
      // Two hours old, expired one hour ago: far beyond any clock tolerance.
      return { ...claims, iat: nowS - 7200, exp: nowS - 3600, auth_time: nowS - 7200 };
    case 'wrong-audience':
      return { ...claims, aud: 'another-client' };
    case 'wrong-issuer':
      return { ...claims, iss: 'https://issuer.invalid' };
    case 'wrong-nonce':
      return { ...claims, nonce: 'not-the-nonce-the-client-sent' };
  }
}

/** The same compact JWS with `fault` applied to its claims, signed again with the provider's RS256 key. */
export function tamperIdToken(idToken: string, fault: IdTokenFault, privateJwk: Record<string, unknown>): string {
  const [header, payload] = idToken.split('.');
  if (header === undefined || payload === undefined) throw new Error('an id_token is a compact JWS');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const changed = withFault(claims, fault, Math.floor(Date.now() / 1000));
  const signingInput = `${header}.${base64url(Buffer.from(JSON.stringify(changed)))}`;
  const key: KeyObject = createPrivateKey({ key: privateJwk, format: 'jwk' });
  return `${signingInput}.${base64url(sign('sha256', Buffer.from(signingInput), key))}`;
}
