#!/usr/bin/env node
// Benchmark: card verifications per second through the real verification path (shared
// verifyCardToken: key lookup by kid, signature, claims schema, time checks, listing and
// replay callbacks), compared in the same run with a bare ES256 signature check of the same
// token by the same crypto backend. Both backends are measured: jose (WebCrypto, what
// browsers and the default use) and node:crypto (what the cloud plugs in).
// Targets (issue 3): full path >= 0.8 of bare, and >= 10,000 verifications/s per core.
// Usage: npm run build && node bench/card-verify.mjs [seconds-per-measure]
import { verify as nodeVerify, createPublicKey } from 'node:crypto';
import { compactVerify, exportJWK, generateKeyPair, importJWK } from 'jose';
import { nodeSignatureCheck } from '../cloud/dist/src/modules/cards/node-signature.js';
import { signCardToken, verifyCardToken } from '../shared/dist/src/index.js';

const seconds = Number(process.argv[2] ?? '3');
const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
const kid = 'card-bench';
const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
const keys = { keys: [jwk] };
const nowS = Math.floor(Date.now() / 1000);
const token = await signCardToken(
  {
    v: 1,
    typ: 'card',
    cid: '00000000-0000-4000-8000-000000000001',
    sub: 'CI261124-7K3M-CL',
    gn: 'Ibrahim',
    fn: 'Ouattara',
    role: 'client',
    st: 'active',
    iat: nowS,
    exp: nowS + 86400,
    jti: 'bench-0123456789abcdef',
  },
  { kid, privateKey },
);

async function measure(name, once) {
  for (let i = 0; i < 500; i++) await once(); // warm-up: JIT and key caches
  let count = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < 100; i++) await once();
    count += 100;
  }
  const perSecond = count / ((performance.now() - started) / 1000);
  console.log(`${name.padEnd(52)} ${Math.round(perSecond).toString().padStart(8)} /s`);
  return perSecond;
}

const refusedIsFatal = (result) => {
  if (!result.ok) throw new Error(`benchmark token refused: ${result.reason}`);
};
const context = { keys, nowS, listing: () => undefined, firstUse: () => true };

const joseKey = await importJWK(jwk, 'ES256');
const joseBare = await measure('jose: bare ES256 signature check', () => compactVerify(token, joseKey));
const joseFull = await measure('jose: card verification path', async () =>
  refusedIsFatal(await verifyCardToken(token, context)),
);

const [h, p, s] = token.split('.');
const signingInput = Buffer.from(`${h}.${p}`);
const signature = Buffer.from(s, 'base64url');
const keyObject = createPublicKey({ key: jwk, format: 'jwk' });
const nodeBare = await measure('node:crypto: bare ES256 signature check', () =>
  nodeVerify('sha256', signingInput, { key: keyObject, dsaEncoding: 'ieee-p1363' }, signature),
);
const nodeFull = await measure('node:crypto: card verification path (cloud uses it)', async () =>
  refusedIsFatal(await verifyCardToken(token, { ...context, checkSignature: nodeSignatureCheck })),
);

console.log(`\njose ratio to bare:        ${(joseFull / joseBare).toFixed(2)}`);
console.log(`node:crypto ratio to bare: ${(nodeFull / nodeBare).toFixed(2)}   (target >= 0.80)`);
console.log(`cloud path throughput:     ${Math.round(nodeFull)} /s on one core   (target >= 10000)`);
