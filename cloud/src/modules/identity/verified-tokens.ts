/**
 * Access tokens whose signature this process has already checked, so a client sending the same
 * token on every request pays for one ES256 verification, not one per request (WebCrypto's
 * ECDSA verify was ~180 µs of the event loop per request in bench/read-routes.mjs).
 *
 * Why it is as strict as verifying again:
 * - The key is the whole token string: only the exact bytes that were verified are trusted; a
 *   token differing in one character (a forged signature, other claims) is verified afresh.
 * - An entry is tied to the key set it was verified against (the object the key ring hands
 *   out): when the ring reloads or rotates (at least every 30 s), every entry is stale and
 *   the token is verified again, so a key withdrawn from the ring stops its tokens just as soon.
 * - An entry is used only before the token's `exp`, checked on every request as jose checks it.
 * - The session gate (signed out, suspended) still runs on every request after this.
 *
 * Bounded: at most `maxEntries`; a full cache forgets its oldest entry first.
 */
import type { JSONWebKeySet } from 'jose';

export interface VerifiedTokenCache<T> {
  /** The verified result when `token` was verified against `keys` and has not expired at `nowMs`. */
  get(token: string, keys: JSONWebKeySet, nowMs: number): T | undefined;
  /** Remembers a verified token until `expiresAtMs`. */
  set(token: string, keys: JSONWebKeySet, expiresAtMs: number, value: T): void;
  readonly size: number;
}

/** The most tokens remembered per process: ~1 KB each, so about 10 MB at most. */
export const verifiedTokensMax = 10_000;

export function verifiedTokenCache<T>(maxEntries = verifiedTokensMax): VerifiedTokenCache<T> {
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) throw new Error('maxEntries must be a positive integer');
  const entries = new Map<string, { keys: JSONWebKeySet; expiresAtMs: number; value: T }>();
  return {
    get(token, keys, nowMs) {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      if (entry.keys !== keys || nowMs >= entry.expiresAtMs) {
        entries.delete(token);
        return undefined;
      }
      return entry.value;
    },
    set(token, keys, expiresAtMs, value) {
      entries.delete(token);
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(token, { keys, expiresAtMs, value });
    },
    get size() {
      return entries.size;
    },
  };
}
