/**
 * The professional card credential (SPEC 3.3): a compact JWS (ES256, with a `kid`) whose
 * payload is minimal. Two forms share it: the printed card (`typ: card`, valid until the
 * card expires) and the dynamic QR in the app (`typ: dyn`, valid two minutes, single use).
 *
 * Owns: the claims, the refusal reasons and the one verification path used online at the
 * cloud and offline at a hub. Status (suspended, revoked) and replay memory come from the
 * caller, because they live in a database. No I/O here: keys arrive as a JWKS object.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  base64url,
  CompactSign,
  compactVerify,
  createLocalJWKSet,
  errors,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import { ismailIdPattern } from '../identity/ismail-id.js';
import { profileKeys } from '../identity/profiles.js';
import { UuidSchema } from '../text/uuid.js';

export const cardJwsType = 'ismail-card+jwt';
export const cardSigningAlgorithm = 'ES256';
/** Dynamic codes live long enough to show and scan, too short to pass around. */
export const dynamicCardTtlS = 120;
/** Clock difference tolerated between the signer and a hub whose clock drifts. */
export const cardClockLeewayS = 60;
/** A QR holds a few hundred bytes comfortably; anything longer is not ours. */
export const cardTokenMaxChars = 2000;

export const cardStatuses = ['active', 'suspended', 'verified', 'pending'] as const;
export type CardStatus = (typeof cardStatuses)[number];

export const CardClaimsSchema = Type.Object(
  {
    v: Type.Literal(1),
    typ: Type.Union([Type.Literal('card'), Type.Literal('dyn')]),
    /** The card's id: revocation and suspension are recorded against it. */
    cid: UuidSchema,
    sub: Type.String({ pattern: ismailIdPattern.source }),
    gn: Type.String({ minLength: 1, maxLength: 100 }),
    fn: Type.String({ minLength: 1, maxLength: 100 }),
    role: Type.Union(profileKeys.map((k) => Type.Literal(k))),
    st: Type.Union(cardStatuses.map((s) => Type.Literal(s))),
    /** SHA-256 of the KYC photo, base64url: a verifier compares it with the photo it shows. */
    ph: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' })),
    iat: Type.Integer({ minimum: 0 }),
    exp: Type.Integer({ minimum: 0 }),
    jti: Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  },
  { additionalProperties: false },
);

export type CardClaims = Static<typeof CardClaimsSchema>;

export const cardRefusalReasons = [
  'MALFORMED',
  'UNKNOWN_KEY',
  'TAMPERED',
  'NOT_YET_VALID',
  'EXPIRED',
  'REVOKED',
  'SUSPENDED',
  'REPLAYED',
] as const;
export type CardRefusalReason = (typeof cardRefusalReasons)[number];

/** What staff read at the desk for each refusal (French first). */
export const cardRefusalMessages: Readonly<Record<CardRefusalReason, { fr: string; en: string }>> = {
  MALFORMED: { fr: "Ce code n'est pas une carte ISMAIL lisible.", en: 'This code is not a readable ISMAIL card.' },
  UNKNOWN_KEY: {
    fr: 'Carte signée par une clé inconnue : possible contrefaçon.',
    en: 'Card signed by an unknown key: possible forgery.',
  },
  TAMPERED: {
    fr: 'Carte modifiée : la signature ne correspond pas.',
    en: 'Card altered: the signature does not match.',
  },
  NOT_YET_VALID: {
    fr: "Carte pas encore valide (vérifiez l'heure de l'appareil).",
    en: "Card not yet valid (check the device's clock).",
  },
  EXPIRED: { fr: 'Carte expirée.', en: 'Card expired.' },
  REVOKED: { fr: 'Carte révoquée.', en: 'Card revoked.' },
  SUSPENDED: { fr: 'Compte suspendu.', en: 'Account suspended.' },
  REPLAYED: {
    fr: 'Code dynamique déjà utilisé : demandez un nouveau code.',
    en: 'Dynamic code already used: ask for a fresh one.',
  },
};

/** The state the verifier knows for a card id: live at the cloud, from the synced list at a hub. */
export type CardListing = { state: 'revoked' | 'suspended'; since: string } | undefined;

/**
 * Checks an ES256 signature (64 bytes, r||s) over the JWS signing input with a public JWK.
 * The default is jose (WebCrypto, works everywhere); Node processes plug in a synchronous
 * `node:crypto` check, about 2.5 times faster on our machines (see bench/card-verify.mjs).
 */
export type SignatureCheck = (jwk: JWK, signingInput: Uint8Array, signature: Uint8Array) => boolean;

export interface CardVerificationContext {
  readonly keys: JSONWebKeySet;
  readonly checkSignature?: SignatureCheck;
  readonly nowS: number;
  readonly listing: (cardId: string) => Promise<CardListing> | CardListing;
  /** Records a dynamic code's jti; resolves false when it was already seen. */
  readonly firstUse: (jti: string, expiresAtS: number) => Promise<boolean> | boolean;
}

export type CardVerification =
  | { ok: true; claims: CardClaims; kid: string }
  | { ok: false; reason: CardRefusalReason; detail: string; claims?: CardClaims };

/** Key sets are reused across verifications (the hub's cached JWKS, the cloud's published
 * one): building the resolver once per set keeps key import out of the hot path. */
const resolverByKeySet = new WeakMap<JSONWebKeySet, ReturnType<typeof createLocalJWKSet>>();

function resolverFor(keys: JSONWebKeySet): ReturnType<typeof createLocalJWKSet> {
  let resolver = resolverByKeySet.get(keys);
  if (resolver === undefined) {
    resolver = createLocalJWKSet(keys);
    resolverByKeySet.set(keys, resolver);
  }
  return resolver;
}

function refuse(reason: CardRefusalReason, detail: string, claims?: CardClaims): CardVerification {
  return claims === undefined ? { ok: false, reason, detail } : { ok: false, reason, detail, claims };
}

type SignedResult =
  { ok: true; payload: Uint8Array; kid: string } | { ok: false; reason: CardRefusalReason; detail: string };

async function joseCheck(compact: string, keys: JSONWebKeySet): Promise<SignedResult> {
  try {
    const verified = await compactVerify(compact, resolverFor(keys), { algorithms: [cardSigningAlgorithm] });
    if (verified.protectedHeader.typ !== cardJwsType)
      return { ok: false, reason: 'MALFORMED', detail: `header typ is not ${cardJwsType}` };
    return { ok: true, payload: verified.payload, kid: verified.protectedHeader.kid ?? '' };
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey)
      return { ok: false, reason: 'UNKNOWN_KEY', detail: 'no published key has this kid' };
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return { ok: false, reason: 'TAMPERED', detail: 'signature does not match the content' };
    return { ok: false, reason: 'MALFORMED', detail: (error as Error).message.slice(0, 200) };
  }
}

/** The same checks as jose's compactVerify for our one algorithm, with a plugged signature check. */
function pluggedCheck(compact: string, keys: JSONWebKeySet, check: SignatureCheck): SignedResult {
  const [headerPart = '', payloadPart = '', signaturePart = ''] = compact.split('.');
  let header: { alg?: unknown; kid?: unknown; typ?: unknown; crit?: unknown };
  let payload: Uint8Array;
  let signature: Uint8Array;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(headerPart)),
    ) as typeof header;
    payload = base64url.decode(payloadPart);
    signature = base64url.decode(signaturePart);
  } catch {
    return { ok: false, reason: 'MALFORMED', detail: 'not valid base64url JSON' };
  }
  if (header.alg !== cardSigningAlgorithm || header.crit !== undefined)
    return { ok: false, reason: 'MALFORMED', detail: 'unexpected algorithm or critical header' };
  if (header.typ !== cardJwsType) return { ok: false, reason: 'MALFORMED', detail: `header typ is not ${cardJwsType}` };
  const kid = typeof header.kid === 'string' ? header.kid : '';
  const jwk = keys.keys.find((k) => k.kid === kid && (k.alg === undefined || k.alg === cardSigningAlgorithm));
  if (jwk === undefined) return { ok: false, reason: 'UNKNOWN_KEY', detail: 'no published key has this kid' };
  // ES256 signatures are exactly 64 bytes (r || s); anything else cannot be genuine.
  if (signature.length !== 64 || !check(jwk, new TextEncoder().encode(`${headerPart}.${payloadPart}`), signature)) {
    return { ok: false, reason: 'TAMPERED', detail: 'signature does not match the content' };
  }
  return { ok: true, payload, kid };
}

/** Verifies a card or dynamic code. Order matters: signature first, so nothing unsigned is trusted. */
export async function verifyCardToken(token: string, context: CardVerificationContext): Promise<CardVerification> {
  const compact = token.trim();
  if (compact.length === 0 || compact.length > cardTokenMaxChars || compact.split('.').length !== 3) {
    return refuse('MALFORMED', 'not a compact JWS of an acceptable size');
  }
  const signed =
    context.checkSignature === undefined
      ? await joseCheck(compact, context.keys)
      : pluggedCheck(compact, context.keys, context.checkSignature);
  if (!signed.ok) return signed;
  const { payload, kid } = signed;
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return refuse('MALFORMED', 'payload is not JSON');
  }
  if (!Value.Check(CardClaimsSchema, claims)) return refuse('MALFORMED', 'payload does not have the card claims');
  if (claims.iat > context.nowS + cardClockLeewayS)
    return refuse('NOT_YET_VALID', `issued at ${String(claims.iat)}, now ${String(context.nowS)}`, claims);
  if (claims.exp <= context.nowS - (claims.typ === 'dyn' ? 0 : cardClockLeewayS))
    return refuse('EXPIRED', `expired at ${String(claims.exp)}`, claims);
  const listing = await context.listing(claims.cid);
  if (listing?.state === 'revoked') return refuse('REVOKED', `revoked since ${listing.since}`, claims);
  if (listing?.state === 'suspended' || claims.st === 'suspended')
    return refuse(
      'SUSPENDED',
      listing === undefined ? 'card issued as suspended' : `suspended since ${listing.since}`,
      claims,
    );
  if (claims.typ === 'dyn' && !(await context.firstUse(claims.jti, claims.exp)))
    return refuse('REPLAYED', 'this dynamic code was already presented', claims);
  return { ok: true, claims, kid };
}

export interface CardSigningKey {
  readonly kid: string;
  /** A private key object from the runtime's WebCrypto (jose's KeyLike). */
  readonly privateKey: CryptoKey;
}

/** Signs card claims as a compact JWS. Claims are checked first: a bad one is a programmer error. */
export async function signCardToken(claims: CardClaims, key: CardSigningKey): Promise<string> {
  if (!Value.Check(CardClaimsSchema, claims)) throw new RangeError('card claims do not match the schema');
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: cardSigningAlgorithm, kid: key.kid, typ: cardJwsType })
    .sign(key.privateKey);
}
