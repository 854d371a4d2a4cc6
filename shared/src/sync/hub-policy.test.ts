import { base64url, exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import { describe, expect, it } from 'vitest';
import { signRevocationList } from '../cards/revocation-list.js';
import {
  documentRegister,
  terminalRegister,
  hubDay,
  invoiceNumber,
  signHubPolicy,
  verifyHubPolicy,
  walletChargeCentiCredits,
  type HubPolicy,
} from './hub-policy.js';

const hub = '11111111-1111-4111-8111-111111111111';
const policy: HubPolicy = {
  v: 1,
  hub,
  partner: '22222222-2222-4222-8222-222222222222',
  iat: 1_800_000_000,
  exp: 1_801_000_000,
  register: 'HB7D05528',
  seller: { legalName: 'Boutique Chez Adjoua', taxId: '2600042A', taxRegime: 'RSI', address: 'Cocody', country: 'CI' },
  xofPerCredit: 50,
  staff: ['00000000-0000-4000-8000-000000000006'],
  offline: {
    perTransactionCentiCredits: 50_000,
    perWalletPerDayCentiCredits: 100_000,
    perHubPerDayCentiCredits: 1_000_000,
    cashTopUpPerDayXof: 2_000_000,
    version: 1,
  },
};

async function key(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    signing: { kid, privateKey },
    jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] } as JSONWebKeySet,
  };
}

describe('hub policy', () => {
  it('verifies for its own hub only, and refuses a tampered one, a foreign key and a revocation list passed as a policy', async () => {
    const { signing, jwks } = await key('k1');
    const token = await signHubPolicy(policy, signing);
    expect(await verifyHubPolicy(token, jwks, hub)).toEqual(policy);
    await expect(verifyHubPolicy(token, jwks, '33333333-3333-4333-8333-333333333333')).rejects.toThrow(/another hub/);
    // A raised ceiling in the payload breaks the signature.
    const [header, , signature] = token.split('.');
    const raised = base64url.encode(
      JSON.stringify({
        ...policy,
        offline: { perTransactionCentiCredits: 9_999_999, perWalletPerDayCentiCredits: 9_999_999 },
      }),
    );
    await expect(verifyHubPolicy(`${header ?? ''}.${raised}.${signature ?? ''}`, jwks, hub)).rejects.toThrow();
    const other = await key('k1');
    await expect(verifyHubPolicy(token, other.jwks, hub)).rejects.toThrow();
    const list = await signRevocationList({ v: 1, iat: 1, entries: [] }, signing);
    await expect(verifyHubPolicy(list, jwks, hub)).rejects.toThrow(/not a hub policy/);
    await expect(signHubPolicy({ ...policy, register: 'not a register!' }, signing)).rejects.toThrow(RangeError);
  });

  it('charges a wallet never less than the price, and numbers like the cloud', () => {
    expect(walletChargeCentiCredits(12_500, 50)).toBe(25_000);
    expect(walletChargeCentiCredits(1, 3)).toBe(34); // 33.3 rounded up
    expect(() => walletChargeCentiCredits(-1, 50)).toThrow(RangeError);
    expect(invoiceNumber('invoice', 'hb7d05528', 2026, 42)).toBe('F-HB7D05528-2026-000042');
    expect(invoiceNumber('credit_note', 'HB7D05528', 2026, 1)).toBe('AV-HB7D05528-2026-000001');
  });
});

describe('terminal registers', () => {
  it("numbers a terminal under its hub and refuses another hub's register", () => {
    expect(terminalRegister('hb7d05528', 2)).toBe('HB7D05528-T2');
    expect(() => terminalRegister('HB7D05528', 0)).toThrow(RangeError);
    expect(() => terminalRegister('HB7D05528', 100)).toThrow(RangeError);
    expect(documentRegister('HB7D05528', undefined)).toBe('HB7D05528');
    expect(documentRegister('HB7D05528', 'HB7D05528-T12')).toBe('HB7D05528-T12');
    expect(documentRegister('HB7D05528', 'hb7d05528-t3')).toBe('HB7D05528-T3');
    expect(documentRegister('HB7D05528', 'HB0000000-T3')).toBeNull();
    expect(documentRegister('HB7D05528', 'HB7D05528-T0')).toBeNull();
    expect(documentRegister('HB7D05528', 'HB7D05528')).toBeNull();
  });
});

describe('hub day', () => {
  it('is the UTC day at the hub and in the cloud alike', () => {
    expect(hubDay(new Date('2026-12-05T23:59:59.999Z'))).toBe('2026-12-05');
    expect(hubDay(new Date('2026-12-06T00:00:00.000+01:00'))).toBe('2026-12-05');
  });
});
