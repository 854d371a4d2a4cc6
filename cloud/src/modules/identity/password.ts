/**
 * Password hashing with scrypt (memory-hard, SPEC 3.15), from Node's own crypto so no
 * native addon is needed. Stored as `scrypt$N$r$p$salt$hash` (base64url) so parameters
 * can be raised later and old hashes still verify.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost parameters, stored in each hash so that verifying uses the hash's own. */
export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** N=2^15, r=8 uses 32 MiB per hash: expensive for an attacker's GPU, 60-160 ms for us. */
const defaultCost: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };
const keyLengthBytes = 32;
const saltLengthBytes = 16;
/** Node refuses scrypt above its default 32 MiB unless maxmem is raised. */
const maxmemBytes = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLengthBytes, { ...options, maxmem: maxmemBytes }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/**
 * Hashes with `cost`, the default unless a test fixture asks for a cheaper one (its accounts
 * then sign in through the same verification, in a fraction of the time).
 */
export async function hashPassword(password: string, cost: ScryptCost = defaultCost): Promise<string> {
  const salt = randomBytes(saltLengthBytes);
  const key = await derive(password, salt, cost);
  const { N, r, p } = cost;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash ?? '', 'base64url');
  if (expected.length !== keyLengthBytes) return false;
  const key = await derive(password, Buffer.from(salt ?? '', 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(key, expected);
}
