/**
 * node:crypto for the hubs' offline authenticator tables (shared/sync/offline-totp): HMAC,
 * scrypt at the shared cost, constant-time comparison. The hub has the same few lines for
 * matching codes (hub/src/staff/offline-totp-crypto.ts).
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
  // A table is ~40,000 HMACs: other requests run between its batches.
  pause: () => new Promise((resolve) => setImmediate(resolve)),
};
