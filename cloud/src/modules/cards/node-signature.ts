/**
 * The Node signature check for card verification (shared/cards/credential SignatureCheck):
 * synchronous `node:crypto` ECDSA P-256, about 2.5 times the throughput of WebCrypto here.
 * Imported public keys are cached per JWK object (the keyring hands out the same key set
 * until it refreshes), so key parsing stays off the hot path.
 */
import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JWK, SignatureCheck } from '@ismail/shared';

const keyObjects = new WeakMap<JWK, KeyObject>();

export const nodeSignatureCheck: SignatureCheck = (jwk, signingInput, signature) => {
  let key = keyObjects.get(jwk);
  if (key === undefined) {
    key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    keyObjects.set(jwk, key);
  }
  return verify('sha256', signingInput, { key, dsaEncoding: 'ieee-p1363' }, signature);
};
