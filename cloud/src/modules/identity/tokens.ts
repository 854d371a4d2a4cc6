/**
 * Access tokens: short-lived JWTs signed with the cloud's `access` key (ES256, with kid),
 * so any cloud process verifies them without a database round trip. A stolen one is
 * useful for `accessTokenTtlS` at most; refresh tokens (see sessions) are the long part.
 */
import { createLocalJWKSet, jwtVerify, SignJWT, type JSONWebKeySet } from 'jose';
import { AppError, profileKeys, type Action, type Principal, type ProfileKey } from '@ismail/shared';
import type pg from 'pg';
import type { Keyring } from '../../platform/keys/keyring.js';
import { verifiedTokenCache } from './verified-tokens.js';

export const accessTokenTtlS = 15 * 60;
const issuer = 'ismail-cloud';
const audience = 'ismail-api';

/** Inside a transaction pass its client (the embedded database has one connection). */
export async function issueAccessToken(
  keyring: Keyring,
  principal: Principal & { sessionId: string },
  queryable?: pg.Pool | pg.PoolClient,
): Promise<string> {
  const key = await keyring.active('access', queryable);
  return new SignJWT({
    prof: principal.profile,
    mfa: principal.secondFactor,
    sid: principal.sessionId,
    ...(principal.delegatedActions === undefined ? {} : { del: principal.delegatedActions }),
  })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' })
    .setSubject(principal.accountId)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${String(accessTokenTtlS)}s`)
    .sign(key.privateKey);
}

const resolvers = new WeakMap<JSONWebKeySet, ReturnType<typeof createLocalJWKSet>>();
type VerifiedPrincipal = Principal & { sessionId: string };
/** Signatures already checked by this process (verified-tokens.ts says why that is as strict). */
const verified = verifiedTokenCache<Readonly<VerifiedPrincipal>>();

export async function verifyAccessToken(keyring: Keyring, token: string): Promise<VerifiedPrincipal> {
  const keys = await keyring.publicKeys('access', token);
  const known = verified.get(token, keys, Date.now());
  if (known !== undefined) return { ...known };
  let resolver = resolvers.get(keys);
  if (resolver === undefined) {
    resolver = createLocalJWKSet(keys);
    resolvers.set(keys, resolver);
  }
  try {
    const { payload } = await jwtVerify(token, resolver, { issuer, audience, algorithms: ['ES256'], typ: 'at+jwt' });
    const profile = payload.prof as ProfileKey;
    if (typeof payload.sub !== 'string' || !profileKeys.includes(profile) || typeof payload.sid !== 'string')
      throw new Error('claims');
    const delegated = Array.isArray(payload.del) ? Object.freeze([...(payload.del as Action[])]) : undefined;
    const principal: VerifiedPrincipal = {
      accountId: payload.sub,
      profile,
      secondFactor: payload.mfa === true,
      sessionId: payload.sid,
      delegatedActions: delegated,
    };
    // jose accepts a token without exp: such a token is verified every time, never remembered.
    if (typeof payload.exp === 'number') verified.set(token, keys, payload.exp * 1000, Object.freeze({ ...principal }));
    return principal;
  } catch {
    // Expired, forged, wrong key or malformed: the client's answer is the same.
    throw new AppError('UNAUTHENTICATED', 'The access token is missing, expired or not valid; sign in again.');
  }
}
