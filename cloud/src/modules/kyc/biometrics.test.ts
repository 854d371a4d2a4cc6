// Proves how a biometric provider's answer reaches the reviewer (stub providers: no real
// provider is available to us): no provider means manual review, "no match" and provider
// errors are flagged as anomalies, and the provider sees the decrypted bytes.
import { describe, expect, it } from 'vitest';
import { runBiometricCheck, type BiometricMatcher } from './biometrics.js';

const stubProvider = (answer: Awaited<ReturnType<BiometricMatcher['match']>> | Error): BiometricMatcher => ({
  name: 'stub-provider',
  match: (photo, idDocument) => {
    expect(photo.toString()).toBe('photo');
    expect(idDocument.toString()).toBe('id');
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  },
});

describe('biometric check', () => {
  it('sends every case to manual review without a provider', async () => {
    expect(await runBiometricCheck(undefined, Buffer.from('photo'), Buffer.from('id'))).toEqual({
      provider: 'none',
      decision: 'not_run',
      explanation: 'no biometric provider configured: manual review',
      anomaly: false,
    });
  });

  it('records a match, and flags a mismatch or a provider failure as an anomaly', async () => {
    expect(
      await runBiometricCheck(
        stubProvider({ decision: 'match', score: 0.93, explanation: 'same face' }),
        Buffer.from('photo'),
        Buffer.from('id'),
      ),
    ).toMatchObject({ decision: 'match', score: 0.93, anomaly: false });
    expect(
      await runBiometricCheck(
        stubProvider({ decision: 'no_match', score: 0.12, explanation: 'different person' }),
        Buffer.from('photo'),
        Buffer.from('id'),
      ),
    ).toMatchObject({ decision: 'no_match', anomaly: true });
    expect(
      await runBiometricCheck(stubProvider(new Error('timeout')), Buffer.from('photo'), Buffer.from('id')),
    ).toMatchObject({ decision: 'inconclusive', anomaly: true, explanation: 'provider error: timeout' });
  });
});
