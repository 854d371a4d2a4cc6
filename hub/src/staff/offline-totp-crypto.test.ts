// The offline authenticator check with the hub's node:crypto: HOTP gives RFC 6238's published
// codes (so the hub computes what a phone shows); a table accepts the code of its step only
// with the right password, one step either side at most, never past its window, and carries
// no code in clear.
import { describe, expect, it } from 'vitest';
import { hotpCode, matchOfflineTotp, offlineTotpDigests, totpStepAt } from '@ismail/shared';
import { nodeOfflineTotpCrypto as crypto } from './offline-totp-crypto.js';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890" (the last 6 of its 8-digit codes).
const rfcSecret = Buffer.from('12345678901234567890', 'ascii');

describe('offline TOTP verifier', () => {
  it('computes the RFC 6238 test vectors', () => {
    expect(hotpCode(crypto, rfcSecret, totpStepAt(59_000))).toBe('287082');
    expect(hotpCode(crypto, rfcSecret, totpStepAt(1_111_111_109_000))).toBe('081804');
    expect(hotpCode(crypto, rfcSecret, totpStepAt(1_234_567_890_000))).toBe('005924');
    expect(hotpCode(crypto, rfcSecret, totpStepAt(20_000_000_000_000))).toBe('353130');
  });

  it('matches a code with the right password at its step and one either side, nothing else', async () => {
    const at = Date.UTC(2026, 11, 5, 10, 0, 0);
    const first = totpStepAt(at) - 2;
    const salt = Buffer.alloc(16, 7);
    const digests = await offlineTotpDigests(crypto, {
      secret: rfcSecret,
      password: 'mot-de-passe-2026',
      salt,
      firstStep: first,
      steps: 10,
    });
    expect(digests.length).toBe(30);
    const table = { firstStep: first, digests };
    const key = await crypto.scrypt('mot-de-passe-2026', salt);
    const codeAt = (ms: number): string => hotpCode(crypto, rfcSecret, totpStepAt(ms));
    expect(matchOfflineTotp(crypto, key, table, codeAt(at), at)).toBe(totpStepAt(at));
    expect(matchOfflineTotp(crypto, key, table, codeAt(at - 30_000), at)).toBe(totpStepAt(at) - 1);
    expect(matchOfflineTotp(crypto, key, table, codeAt(at - 60_000), at)).toBeUndefined();
    expect(
      matchOfflineTotp(crypto, await crypto.scrypt('another-password', salt), table, codeAt(at), at),
    ).toBeUndefined();
    // Past the end of the table: refused even with the right code.
    const later = at + 20 * 30_000;
    expect(matchOfflineTotp(crypto, key, table, codeAt(later), later)).toBeUndefined();
    expect(Buffer.from(digests).toString('latin1')).not.toContain(codeAt(at));
  });
});
