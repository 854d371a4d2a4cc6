#!/usr/bin/env node
// Writes the card verification test vectors in conformance/vectors/ (run once; the files are
// committed). Every vector is signed with the fixed TEST key pair in vectors/test-keys.json:
// it is published on purpose, trusted by nobody but these vectors, and a verifier that trusts
// it in production is broken. ES256 signatures are randomised, so running this again gives
// other (equally valid) tokens: the vectors are the committed files, not this script's output.
//
//   node conformance/make-vectors.mjs          (needs the shared build: npm run build)
import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signCardToken } from '@ismail/shared';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'vectors');
const keysFile = path.join(dir, 'test-keys.json');
const subtle = webcrypto.subtle;
const es256 = { name: 'ECDSA', namedCurve: 'P-256' };

async function newKeyPair(kid) {
  const pair = await subtle.generateKey(es256, true, ['sign', 'verify']);
  const pub = await subtle.exportKey('jwk', pair.publicKey);
  const priv = await subtle.exportKey('jwk', pair.privateKey);
  const publicJwk = { kty: pub.kty, crv: pub.crv, x: pub.x, y: pub.y, kid, alg: 'ES256', use: 'sig' };
  return { public: publicJwk, private: { ...publicJwk, d: priv.d } };
}

mkdirSync(dir, { recursive: true });
if (!existsSync(keysFile)) {
  const keys = {
    warning: 'TEST KEYS ONLY, published on purpose: never trust them outside the conformance vectors.',
    trusted: await newKeyPair('conformance-test-1'),
    // Another key pair: signs the "wrong key" vectors (once under the trusted kid, once under its own).
    other: await newKeyPair('conformance-other-1'),
  };
  writeFileSync(keysFile, `${JSON.stringify(keys, null, 2)}\n`);
}
const keys = JSON.parse(readFileSync(keysFile, 'utf8'));
const signer = async (jwk, kid) => ({
  kid,
  privateKey: await subtle.importKey(
    'jwk',
    { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d },
    es256,
    false,
    ['sign'],
  ),
});
const trusted = await signer(keys.trusted.private, keys.trusted.public.kid);
const otherSameKid = await signer(keys.other.private, keys.trusted.public.kid);
const otherOwnKid = await signer(keys.other.private, keys.other.public.kid);
const jwks = { keys: [keys.trusted.public] };

// A fixed "now" for every vector: 2027-01-01T00:00:00Z. Verifiers take it from the vector.
const nowS = 1_798_761_600;
const day = 86_400;
const card = (over = {}) => ({
  v: 1,
  typ: 'card',
  cid: '7d6c1c2e-4f51-4b7a-9a39-0c2b5b6f0a01',
  sub: 'CI260001-7K2M-CL',
  gn: 'Awa',
  fn: 'Konan',
  role: 'client',
  st: 'verified',
  iat: nowS - 30 * day,
  exp: nowS + 335 * day,
  jti: 'conformance-card-0001',
  ...over,
});
const dynamic = (over = {}) =>
  card({ typ: 'dyn', iat: nowS - 10, exp: nowS + 110, jti: 'conformance-dyn-0001', ...over });
const noRevocations = { v: 1, iat: nowS - 600, entries: [] };

/** Changes one claim of a signed token and keeps its signature: what a forger would try. */
function tamper(token, change) {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  return [header, Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url'), signature].join('.');
}

const vectors = [
  {
    name: 'valid-card',
    description: 'A verified client card within its validity, signed by the trusted key: accepted.',
    presentations: [{ token: await signCardToken(card(), trusted), expect: { ok: true, sub: 'CI260001-7K2M-CL' } }],
  },
  {
    name: 'valid-dynamic',
    description: 'A dynamic code (typ dyn, 120 s) presented once within its life: accepted.',
    presentations: [
      {
        token: await signCardToken(dynamic({ jti: 'conformance-dyn-valid-01' }), trusted),
        expect: { ok: true, sub: 'CI260001-7K2M-CL' },
      },
    ],
  },
  {
    name: 'tampered',
    description: "A valid card whose holder's name was changed after signing: the signature no longer matches.",
    presentations: [
      {
        token: tamper(await signCardToken(card(), trusted), { gn: 'Mariam' }),
        expect: { ok: false, reason: 'TAMPERED' },
      },
    ],
  },
  {
    name: 'tampered-status',
    description: 'A suspended card edited to read "verified" after signing: refused as tampered, not as suspended.',
    presentations: [
      {
        token: tamper(await signCardToken(card({ st: 'suspended' }), trusted), { st: 'verified' }),
        expect: { ok: false, reason: 'TAMPERED' },
      },
    ],
  },
  {
    name: 'expired-card',
    description: 'A card that expired two days before "now" (beyond the 60 s clock leeway).',
    presentations: [
      {
        token: await signCardToken(card({ iat: nowS - 400 * day, exp: nowS - 2 * day }), trusted),
        expect: { ok: false, reason: 'EXPIRED' },
      },
    ],
  },
  {
    name: 'expired-dynamic',
    description: 'A dynamic code one second past its expiry: dynamic codes get no leeway.',
    presentations: [
      {
        token: await signCardToken(
          dynamic({ iat: nowS - 121, exp: nowS - 1, jti: 'conformance-dyn-expired' }),
          trusted,
        ),
        expect: { ok: false, reason: 'EXPIRED' },
      },
    ],
  },
  {
    name: 'revoked',
    description: 'A well-signed, unexpired card whose id is on the (signed) revocation list the verifier holds.',
    revocations: {
      v: 1,
      iat: nowS - 600,
      entries: [{ cid: card().cid, state: 'revoked', since: '2026-12-20T10:00:00Z' }],
    },
    presentations: [{ token: await signCardToken(card(), trusted), expect: { ok: false, reason: 'REVOKED' } }],
  },
  {
    name: 'wrong-key-same-kid',
    description: "Signed by another key that claims the trusted key's kid: the signature does not verify.",
    presentations: [{ token: await signCardToken(card(), otherSameKid), expect: { ok: false, reason: 'TAMPERED' } }],
  },
  {
    name: 'wrong-key-unknown-kid',
    description: 'Signed by a key the verifier was never given (its own kid): unknown key, possible forgery.',
    presentations: [{ token: await signCardToken(card(), otherOwnKid), expect: { ok: false, reason: 'UNKNOWN_KEY' } }],
  },
  {
    name: 'replayed-dynamic',
    description: 'The same dynamic code presented twice within its life: the first is accepted, the second refused.',
    presentations: await (async () => {
      const token = await signCardToken(dynamic({ jti: 'conformance-dyn-replay-1' }), trusted);
      return [
        { token, expect: { ok: true, sub: 'CI260001-7K2M-CL' } },
        { token, expect: { ok: false, reason: 'REPLAYED' } },
      ];
    })(),
  },
  {
    name: 'not-yet-valid',
    description:
      'A card issued an hour after "now" (beyond the 60 s leeway): the signer or the verifier has a bad clock.',
    presentations: [
      {
        token: await signCardToken(card({ iat: nowS + 3600, exp: nowS + 365 * day }), trusted),
        expect: { ok: false, reason: 'NOT_YET_VALID' },
      },
    ],
  },
  {
    name: 'malformed-alg-none',
    description: 'An unsigned token (alg "none") with valid-looking claims: never trusted.',
    presentations: [
      {
        token: [
          Buffer.from(JSON.stringify({ alg: 'none', typ: 'ismail-card+jwt', kid: 'conformance-test-1' })).toString(
            'base64url',
          ),
          Buffer.from(JSON.stringify(card())).toString('base64url'),
          '',
        ].join('.'),
        expect: { ok: false, reason: 'MALFORMED' },
      },
    ],
  },
];

for (const vector of vectors) {
  const file = {
    name: vector.name,
    description: vector.description,
    nowS,
    keys: jwks,
    revocations: vector.revocations ?? noRevocations,
    presentations: vector.presentations,
  };
  writeFileSync(path.join(dir, `${vector.name}.json`), `${JSON.stringify(file, null, 2)}\n`);
}
process.stdout.write(`${String(vectors.length)} vectors written to ${dir}\n`);
