/**
 * The salted scrypt verifier the hub keeps of a staff password after an online sign-in, so
 * the same person can sign in offline. Stored as `scrypt$N$r$p$salt$key` (base64url).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** 16 MiB per check: slow for someone who copied the SQLite file, ~40 ms at the counter. */
const verifierCost = { N: 2 ** 14, r: 8, p: 1 } as const;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, 32, { ...verifierCost, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function makeVerifier(password: string): Promise<string> {
  const salt = randomBytes(16);
  return [
    'scrypt',
    verifierCost.N,
    verifierCost.r,
    verifierCost.p,
    salt.toString('base64url'),
    (await derive(password, salt)).toString('base64url'),
  ].join('$');
}

export async function checkVerifier(password: string, verifier: string): Promise<boolean> {
  const [, , , , salt, key] = verifier.split('$');
  const expected = Buffer.from(key ?? '', 'base64url');
  const actual = await derive(password, Buffer.from(salt ?? '', 'base64url'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
