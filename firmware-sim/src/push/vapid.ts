/**
 * The push service's check of an application server's VAPID credentials (RFC 8292): the
 * `Authorization: vapid t=<JWT>, k=<public key>` header, the key being the one the
 * subscription was made for, the JWT signed by it (ES256), its audience this service's
 * origin and its expiry in the future but no more than 24 hours ahead.
 */
import { createPublicKey, verify } from 'node:crypto';
import { authorizationMaxChars, vapidTokenMaxLifetimeS } from './limits.js';

export type VapidCheck = { ok: true; subject: string | null } | { ok: false; status: 401 | 403; reason: string };

const refused = (status: 401 | 403, reason: string): VapidCheck => ({ ok: false, status, reason });

function jsonPart(part: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The `t` and `k` parameters of a `vapid` Authorization header, or undefined when it is not one. */
function vapidParameters(header: string): { t: string; k: string } | undefined {
  const match = /^vapid\s+(.+)$/i.exec(header.trim());
  if (match?.[1] === undefined) return undefined;
  const parameters = new Map<string, string>();
  for (const pair of match[1].split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) parameters.set(pair.slice(0, at).trim().toLowerCase(), pair.slice(at + 1).trim());
  }
  const t = parameters.get('t');
  const k = parameters.get('k');
  return t === undefined || k === undefined ? undefined : { t, k };
}

/** An uncompressed P-256 point (65 bytes, base64url) as a verifying key, or undefined. */
function p256Key(raw: string) {
  const point = Buffer.from(raw, 'base64url');
  if (point.length !== 65 || point[0] !== 4) return undefined;
  try {
    return createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
  } catch {
    return undefined;
  }
}

/**
 * Checks a push request's credentials. `audience` is this service's origin; `subscriptionKey` the application
 * server key the subscription was made with (base64url). 401: missing or invalid credentials; 403: valid, but not
 * the key this subscription belongs to.
 */
export function checkVapid(
  header: string | undefined,
  audience: string,
  subscriptionKey: string,
  nowMs: number,
): VapidCheck {
  if (header === undefined || header.length > authorizationMaxChars) return refused(401, 'no VAPID authorization');
  const parameters = vapidParameters(header);
  if (parameters === undefined) return refused(401, 'not a vapid t=..., k=... authorization');
  const key = p256Key(parameters.k);
  if (key === undefined) return refused(401, 'k is not a P-256 public key');
  const parts = parameters.t.split('.');
  const [head, body, signature] = parts;
  if (parts.length !== 3 || head === undefined || body === undefined || signature === undefined)
    return refused(401, 't is not a JWT');
  const header64 = jsonPart(head);
  const claims = jsonPart(body);
  if (header64?.alg !== 'ES256' || claims === undefined) return refused(401, 'the JWT is not ES256');
  const signed = verify(
    'sha256',
    Buffer.from(`${head}.${body}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) return refused(401, 'the JWT signature does not verify with k');
  if (claims.aud !== audience) return refused(401, `the JWT audience is not ${audience}`);
  const nowS = Math.floor(nowMs / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= nowS) return refused(401, 'the JWT has expired');
  if (claims.exp > nowS + vapidTokenMaxLifetimeS) return refused(401, 'the JWT expires more than 24 hours ahead');
  if (!Buffer.from(parameters.k, 'base64url').equals(Buffer.from(subscriptionKey, 'base64url')))
    return refused(403, 'k is not the application server key of this subscription');
  return { ok: true, subject: typeof claims.sub === 'string' ? claims.sub : null };
}
