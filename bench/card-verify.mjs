#!/usr/bin/env node
// Benchmark: card verifications per second through the real verification path
// (shared verifyCardToken: JWKS lookup, signature, claims schema, time checks, listing and
// replay callbacks) against a bare ES256 signature check of the same token with jose, in
// the same run. Targets (issue 3): ratio >= 0.8 and >= 10,000 verifications/s per core.
// Usage: node bench/card-verify.mjs [seconds-per-measure]   (build first: npm run build)
import { compactVerify, createLocalJWKSet, exportJWK, generateKeyPair, importJWK } from 'jose';
import { signCardToken, verifyCardToken } from '../shared/dist/src/index.js';

const seconds = Number(process.argv[2] ?? '3');
const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
const kid = 'card-bench';
const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
const keys = { keys: [jwk] };
const nowS = Math.floor(Date.now() / 1000);
const token = await signCardToken(
  { v: 1, typ: 'card', cid: '00000000-0000-4000-8000-000000000001', sub: 'CI261124-7K3M-CL', gn: 'Ibrahim', fn: 'Ouattara', role: 'client', st: 'active', iat: nowS, exp: nowS + 86400, jti: 'bench-0123456789abcdef' },
  { kid, privateKey },
);

async function measure(name, once) {
  for (let i = 0; i < 500; i++) await once(); // warm-up: JIT and key import caches
  let count = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  while (performance.now() < deadline) {
    for (let i = 0; i < 100; i++) await once();
    count += 100;
  }
  const perSecond = count / ((performance.now() - started) / 1000);
  console.log(`${name.padEnd(44)} ${Math.round(perSecond).toString().padStart(8)} /s`);
  return perSecond;
}

const bareKey = await importJWK(jwk, 'ES256');
const bare = await measure('bare ES256 signature check (jose)', () => compactVerify(token, bareKey));
const jwks = createLocalJWKSet(keys);
await measure('jose with a JWKS lookup', () => compactVerify(token, jwks));
const full = await measure('card verification path (verifyCardToken)', async () => {
  const result = await verifyCardToken(token, { keys, nowS, listing: () => undefined, firstUse: () => true });
  if (!result.ok) throw new Error(`benchmark token refused: ${result.reason}`);
});
console.log(`ratio to bare signature check: ${(full / bare).toFixed(2)} (target >= 0.80); single core, one verification at a time`);
