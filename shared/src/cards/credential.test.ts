// Proves card codes verify only when genuine, current, listed as valid and (for dynamic
// codes) fresh, and that each kind of refusal has its own reason.
import { base64url, exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  signCardToken,
  verifyCardToken,
  type CardClaims,
  type CardListing,
  type CardSigningKey,
} from './credential.js';

const nowS = 1_795_000_000;
let cardCount = 0;
const newCardId = (): string => `00000000-0000-4000-8000-${String(++cardCount).padStart(12, '0')}`;

async function makeKey(kid: string): Promise<{ signing: CardSigningKey; publicJwk: JSONWebKeySet['keys'][number] }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    signing: { kid, privateKey },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
}

function claims(overrides: Partial<CardClaims> = {}): CardClaims {
  return {
    v: 1,
    typ: 'card',
    cid: newCardId(),
    sub: 'CI261124-7K3M-CL',
    gn: 'Ibrahim',
    fn: 'Ouattara',
    role: 'client',
    st: 'active',
    iat: nowS - 3600,
    exp: nowS + 365 * 86400,
    jti: 'n0nce-0123456789abcdef',
    ...overrides,
  };
}

describe('card credential', () => {
  let current: Awaited<ReturnType<typeof makeKey>>;
  let previous: Awaited<ReturnType<typeof makeKey>>;
  let stranger: Awaited<ReturnType<typeof makeKey>>;
  let keys: JSONWebKeySet;
  const listings = new Map<string, CardListing>();
  const seen = new Set<string>();
  const verify = (token: string, at = nowS) =>
    verifyCardToken(token, {
      keys,
      nowS: at,
      listing: (cid) => listings.get(cid),
      firstUse: (jti) => {
        if (seen.has(jti)) return false;
        seen.add(jti);
        return true;
      },
    });

  beforeAll(async () => {
    current = await makeKey('card-2026-11');
    previous = await makeKey('card-2025-11');
    stranger = await makeKey('card-evil');
    keys = { keys: [current.publicJwk, previous.publicJwk] };
  });

  it('accepts a genuine card and returns its claims', async () => {
    const card = claims();
    const result = await verify(await signCardToken(card, current.signing));
    expect(result).toEqual({ ok: true, claims: card, kid: 'card-2026-11' });
  });

  it('still accepts a card signed with the previous key after a rotation', async () => {
    expect(await verify(await signCardToken(claims(), previous.signing))).toMatchObject({
      ok: true,
      kid: 'card-2025-11',
    });
  });

  it('refuses a changed payload as TAMPERED', async () => {
    const token = await signCardToken(claims(), current.signing);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forgedPayload = base64url.encode(JSON.stringify({ ...claims(), role: 'super_admin' }));
    expect(await verify([header, forgedPayload, signature].join('.'))).toMatchObject({ ok: false, reason: 'TAMPERED' });
    const oneChar = payload.slice(0, 10) + (payload[10] === 'A' ? 'B' : 'A') + payload.slice(11);
    expect(await verify([header, oneChar, signature].join('.'))).toMatchObject({ ok: false, reason: 'TAMPERED' });
  });

  it('refuses a card signed with another key: UNKNOWN_KEY for its own kid, TAMPERED when it borrows ours', async () => {
    expect(await verify(await signCardToken(claims(), stranger.signing))).toMatchObject({
      ok: false,
      reason: 'UNKNOWN_KEY',
    });
    expect(
      await verify(await signCardToken(claims(), { kid: 'card-2026-11', privateKey: stranger.signing.privateKey })),
    ).toMatchObject({ ok: false, reason: 'TAMPERED' });
  });

  it('refuses expired and not-yet-valid cards, tolerating a minute of clock drift', async () => {
    const token = await signCardToken(claims({ exp: nowS - 10 }), current.signing);
    expect(await verify(token)).toMatchObject({ ok: true });
    expect(await verify(token, nowS + 120)).toMatchObject({ ok: false, reason: 'EXPIRED' });
    expect(await verify(await signCardToken(claims({ iat: nowS + 600 }), current.signing))).toMatchObject({
      ok: false,
      reason: 'NOT_YET_VALID',
    });
  });

  it('refuses revoked and suspended cards', async () => {
    const revoked = claims();
    listings.set(revoked.cid, { state: 'revoked', since: '2026-11-20T10:00:00Z' });
    expect(await verify(await signCardToken(revoked, current.signing))).toMatchObject({ ok: false, reason: 'REVOKED' });
    const suspended = claims();
    listings.set(suspended.cid, { state: 'suspended', since: '2026-11-21T10:00:00Z' });
    expect(await verify(await signCardToken(suspended, current.signing))).toMatchObject({
      ok: false,
      reason: 'SUSPENDED',
    });
  });

  it('accepts a dynamic code once and refuses it as REPLAYED after', async () => {
    const dynamic = claims({ typ: 'dyn', iat: nowS, exp: nowS + 120, jti: 'dyn-0123456789abcdef01' });
    const token = await signCardToken(dynamic, current.signing);
    expect(await verify(token)).toMatchObject({ ok: true });
    expect(await verify(token)).toMatchObject({ ok: false, reason: 'REPLAYED' });
    expect(await verify(token, nowS + 121)).toMatchObject({ ok: false, reason: 'EXPIRED' });
  });

  it('refuses garbage, oversized codes and wrong claims as MALFORMED', async () => {
    expect(await verify('hello')).toMatchObject({ ok: false, reason: 'MALFORMED' });
    expect(await verify(`a.${'b'.repeat(3000)}.c`)).toMatchObject({ ok: false, reason: 'MALFORMED' });
    await expect(signCardToken({ ...claims(), sub: 'not-an-id' }, current.signing)).rejects.toThrow(RangeError);
  });
});
