/**
 * node:crypto for the offline authenticator check (shared/sync/offline-totp): HMAC, scrypt at
 * the shared cost, constant-time comparison. The cloud has the same few lines for building
 * tables (cloud/src/modules/identity/offline-totp-crypto.ts).
 */
import { createHmac, scrypt, timingSafeEqual } from 'node:crypto';
import { offlineTotpKeyCost, type OfflineTotpCrypto } from '@ismail/shared';

export const nodeOfflineTotpCrypto: OfflineTotpCrypto = {
  hmac: (algorithm, key, message) => createHmac(algorithm, key).update(message).digest(),
  scrypt: (password, salt) =>
    new Promise((resolve, reject) => {
      const { N, r, p, keyBytes, maxmemBytes } = offlineTotpKeyCost;
      scrypt(password.normalize('NFC'), salt, keyBytes, { N, r, p, maxmem: maxmemBytes }, (error, key) =>
        error ? reject(error) : resolve(key),
      );
    }),
  equal: (a, b) => a.length === b.length && timingSafeEqual(a, b),
};
