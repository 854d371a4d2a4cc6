// The card verification vectors (conformance/vectors/*.json) and how a verifier is held to
// them: each presentation, in order, must get the vector's answer (ok, or the refusal reason).
// A vector carries its own "now", trusted keys and revocation list, so any verifier that can
// be given those (the shared one here; a port in another language) can be checked offline.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const vectorsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'vectors');

/** Every vector file (not the key file), sorted by name. */
export function loadVectors(dir = vectorsDir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && name !== 'test-keys.json')
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')));
}

/** What differs between an answer ({ ok, reason?, claims? }) and the expectation; null when it conforms. */
export function mismatch(answer, expect) {
  if (answer.ok !== expect.ok)
    return `expected ${expect.ok ? 'accepted' : `refused ${expect.reason}`}, got ${answer.ok ? 'accepted' : `refused ${String(answer.reason)}`}`;
  if (!expect.ok && answer.reason !== expect.reason) return `expected ${expect.reason}, got ${String(answer.reason)}`;
  if (expect.ok && expect.sub !== undefined && answer.sub !== expect.sub)
    return `expected holder ${expect.sub}, got ${String(answer.sub)}`;
  return null;
}

/**
 * Runs one vector through the shared verifier (`verifyCardToken`, `listingFrom` from
 * @ismail/shared) with a fresh memory of dynamic codes; answers the mismatches (empty: conforms).
 */
export async function checkVectorWithShared(shared, vector) {
  const seen = new Set();
  const problems = [];
  for (const [index, presentation] of vector.presentations.entries()) {
    const result = await shared.verifyCardToken(presentation.token, {
      keys: vector.keys,
      nowS: vector.nowS,
      listing: shared.listingFrom(vector.revocations),
      firstUse: (jti) => (seen.has(jti) ? false : (seen.add(jti), true)),
    });
    const answer = { ok: result.ok, reason: result.ok ? undefined : result.reason, sub: result.claims?.sub };
    const wrong = mismatch(answer, presentation.expect);
    if (wrong !== null) problems.push(`presentation ${String(index + 1)}: ${wrong}`);
  }
  return problems;
}
