// Proves the portal words every refusal of social sign-in it can get: the reason the cloud names
// (bad state, replayed code, wrong audience…), the stable codes of a link attempt, and anything
// else as a plain failure, never a missing key.
import { describe, expect, it } from 'vitest';
import fr from '../../locales/social.fr.json';
import { failureOf } from './flow.js';

const refusal = (code: string, problem?: string) => ({
  error: {
    code,
    message: 'x',
    requestId: 'r',
    ...(problem === undefined ? {} : { details: [{ path: 'social', problem }] }),
  },
});

describe('failureOf', () => {
  it('names the reason the cloud gives for a refused social sign-in', () => {
    expect(failureOf(refusal('INVALID_CREDENTIALS', 'CODE_REJECTED'))).toBe('CODE_REJECTED');
    expect(failureOf(refusal('INVALID_CREDENTIALS', 'WRONG_AUDIENCE'))).toBe('WRONG_AUDIENCE');
  });

  it('falls back to the stable code, then to a plain failure', () => {
    expect(failureOf(refusal('INVALID_CREDENTIALS'))).toBe('INVALID_CREDENTIALS');
    expect(failureOf(refusal('SECOND_FACTOR_CODE_REQUIRED'))).toBe('SECOND_FACTOR_CODE_REQUIRED');
    expect(failureOf(refusal('INVALID_CREDENTIALS', 'SOMETHING_NEW'))).toBe('INVALID_CREDENTIALS');
    expect(failureOf(refusal('INTERNAL'))).toBe('other');
    expect(failureOf(undefined)).toBe('other');
  });

  it('has French words for every failure it can name', () => {
    const reasons = [
      'STATE_UNKNOWN',
      'TICKET_UNKNOWN',
      'PROVIDER_REFUSED',
      'CODE_REJECTED',
      'STATE_MISMATCH',
      'NONCE_MISMATCH',
      'WRONG_ISSUER',
      'WRONG_AUDIENCE',
      'ID_TOKEN_EXPIRED',
      'ID_TOKEN_INVALID',
      'PROVIDER_UNREACHABLE',
      'ACCOUNT_NOT_ALLOWED',
    ];
    for (const reason of reasons) {
      expect(failureOf(refusal('INVALID_CREDENTIALS', reason))).toBe(reason);
      expect(fr.errors[reason as keyof typeof fr.errors]).toBeTruthy();
    }
  });
});
