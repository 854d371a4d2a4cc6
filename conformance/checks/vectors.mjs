// The card verification vectors against the shared verifier of this build (the one the cloud
// and every hub run): one check per vector file, each presentation's answer as written.
import * as shared from '@ismail/shared';
import { expect } from '../lib/expect.mjs';
import { checkVectorWithShared, loadVectors } from '../lib/vectors.mjs';

export function vectorChecks() {
  return loadVectors().map((vector) => ({
    name: `card vector ${vector.name}: ${vector.presentations.map((p) => (p.expect.ok ? 'accepted' : p.expect.reason)).join(' then ')}`,
    independent: true,
    run: async () => {
      const problems = await checkVectorWithShared(shared, vector);
      expect(problems.length === 0, problems.join('; '));
    },
  }));
}
