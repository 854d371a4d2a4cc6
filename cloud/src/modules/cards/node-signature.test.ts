// Proves the Node signature check refuses exactly what the jose path refuses, with the
// same reasons: forged, re-signed, unknown key, truncated signature, other algorithm.
import { exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { signCardToken, verifyCardToken, type CardClaims, type CardSigningKey } from '@ismail/shared';
import { nodeSignatureCheck } from './node-signature.js';

const nowS = 1_795_000_000;
const claims: CardClaims = {
  v: 1,
  typ: 'card',
  cid: '00000000-0000-4000-8000-000000000001',
  sub: 'CI261124-7K3M-CL',
  gn: 'Awa',
  fn: 'Koné',
  role: 'client',
  st: 'active',
  iat: nowS,
  exp: nowS + 86400,
  jti: 'node-check-0123456789',
};

describe('node signature check in card verification', () => {
  let ours: CardSigningKey;
  let theirs: CardSigningKey;
  let keys: JSONWebKeySet;
  const verify = (token: string) =>
    verifyCardToken(token, {
      keys,
      nowS,
      checkSignature: nodeSignatureCheck,
      listing: () => undefined,
      firstUse: () => true,
    });
  const b64 = (text: string): string => Buffer.from(text).toString('base64url');

  beforeAll(async () => {
    const a = await generateKeyPair('ES256', { extractable: true });
    const b = await generateKeyPair('ES256', { extractable: true });
    ours = { kid: 'card-ours', privateKey: a.privateKey };
    theirs = { kid: 'card-theirs', privateKey: b.privateKey };
    keys = { keys: [{ ...(await exportJWK(a.publicKey)), kid: 'card-ours', alg: 'ES256', use: 'sig' }] };
  });

  it('accepts a genuine card', async () => {
    expect(await verify(await signCardToken(claims, ours))).toMatchObject({ ok: true, kid: 'card-ours', claims });
  });

  it('refuses forged, re-signed, unknown-key, truncated and other-algorithm tokens', async () => {
    const [header, , signature] = (await signCardToken(claims, ours)).split('.') as [string, string, string];
    expect(
      await verify([header, b64(JSON.stringify({ ...claims, role: 'admin' })), signature].join('.')),
    ).toMatchObject({ ok: false, reason: 'TAMPERED' });
    expect(
      await verify(await signCardToken(claims, { kid: 'card-ours', privateKey: theirs.privateKey })),
    ).toMatchObject({ ok: false, reason: 'TAMPERED' });
    expect(await verify(await signCardToken(claims, theirs))).toMatchObject({ ok: false, reason: 'UNKNOWN_KEY' });
    const good = await signCardToken(claims, ours);
    expect(await verify(good.slice(0, -10))).toMatchObject({ ok: false, reason: 'TAMPERED' });
    const none = [
      b64(JSON.stringify({ alg: 'none', kid: 'card-ours', typ: 'ismail-card+jwt' })),
      good.split('.')[1],
      '',
    ].join('.');
    expect(await verify(none)).toMatchObject({ ok: false, reason: 'MALFORMED' });
    const otherTyp = [
      b64(JSON.stringify({ alg: 'ES256', kid: 'card-ours', typ: 'JWT' })),
      good.split('.')[1],
      good.split('.')[2],
    ].join('.');
    expect(await verify(otherTyp)).toMatchObject({ ok: false, reason: 'MALFORMED' });
  });
});
