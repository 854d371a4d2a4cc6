// Access tokens verified once per process (verified-tokens.ts): a token seen before skips the
// signature check, and nothing else changes: a changed character, an expired token or a reloaded
// key set are judged afresh, with the same refusal as before. No database: a key ring of one key.
import { exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Keyring } from '../../platform/keys/keyring.js';
import { accessTokenTtlS, issueAccessToken, verifyAccessToken } from './tokens.js';

async function oneKeyRing(): Promise<{ keyring: Keyring; reload: () => void }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'access-test', alg: 'ES256', use: 'sig' };
  let keys: JSONWebKeySet = { keys: [jwk] };
  const keyring = {
    active: () => Promise.resolve({ kid: 'access-test', privateKey }),
    publicKeys: () => Promise.resolve(keys),
    rotate: () => Promise.reject(new Error('not in this test')),
  } satisfies Keyring;
  // What the real ring does every 30 s or on a rotation: the same keys, a new set object.
  return { keyring, reload: () => (keys = { keys: [...keys.keys] }) };
}

const principal = {
  accountId: '0b6f0c3e-6a57-4e3a-9a57-1f6d5f2b7c11',
  profile: 'partner',
  secondFactor: true,
  sessionId: '4d1e7f1a-2b3c-4d5e-8f90-a1b2c3d4e5f6',
} as const;

/** Counts ES256 signature checks (jose verifies through WebCrypto). */
function countVerifications(): () => number {
  const spy = vi.spyOn(globalThis.crypto.subtle, 'verify');
  return () => spy.mock.calls.length;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('access tokens verified once', () => {
  it('checks a token’s signature once, and returns the same principal each time', async () => {
    const { keyring } = await oneKeyRing();
    const token = await issueAccessToken(keyring, principal);
    const checks = countVerifications();
    const first = await verifyAccessToken(keyring, token);
    const second = await verifyAccessToken(keyring, token);
    expect(first).toEqual({ ...principal, delegatedActions: undefined });
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(checks()).toBe(1);
  });

  it('refuses a token differing by one character from one already verified', async () => {
    const { keyring } = await oneKeyRing();
    const token = await issueAccessToken(keyring, principal);
    await verifyAccessToken(keyring, token);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const forged = `${token.slice(0, -2)}${last}${token.slice(-1)}`;
    await expect(verifyAccessToken(keyring, forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // Claims changed (another account) with the verified signature kept.
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const other = Buffer.from(JSON.stringify({ ...claims, sub: '11111111-1111-4111-8111-111111111111' })).toString(
      'base64url',
    );
    await expect(verifyAccessToken(keyring, `${header}.${other}.${signature}`)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('refuses a remembered token once it has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-07T10:00:00Z') });
    const { keyring } = await oneKeyRing();
    const token = await issueAccessToken(keyring, principal);
    await verifyAccessToken(keyring, token);
    vi.setSystemTime(new Date(Date.parse('2026-12-07T10:00:00Z') + (accessTokenTtlS - 1) * 1000));
    await expect(verifyAccessToken(keyring, token)).resolves.toMatchObject({ accountId: principal.accountId });
    vi.setSystemTime(new Date(Date.parse('2026-12-07T10:00:00Z') + accessTokenTtlS * 1000));
    await expect(verifyAccessToken(keyring, token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('checks the signature again when the key ring hands out a reloaded key set', async () => {
    const ring = await oneKeyRing();
    const keyring = ring.keyring;
    const token = await issueAccessToken(keyring, principal);
    const checks = countVerifications();
    await verifyAccessToken(keyring, token);
    ring.reload();
    await verifyAccessToken(keyring, token);
    await verifyAccessToken(keyring, token);
    expect(checks()).toBe(2);
  });

  it('does not trust a token verified under another key ring', async () => {
    const a = await oneKeyRing();
    const b = await oneKeyRing();
    const token = await issueAccessToken(a.keyring, principal);
    await verifyAccessToken(a.keyring, token);
    await expect(verifyAccessToken(b.keyring, token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
