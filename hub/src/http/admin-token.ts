/**
 * The hub's local admin token: until staff sign-in arrives (hub issue), configuration
 * writes on the local API need this secret, created on first start in a 0600 file in
 * the data folder. Reading that file proves local administrative access to the machine.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { AppError } from '@ismail/shared';

export function loadOrCreateAdminToken(file: string): string {
  try {
    // 'wx' fails if the file exists, so two hubs starting at once cannot overwrite each other's token.
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const token = readFileSync(file, 'utf8').trim();
  if (token.length < 32) throw new Error(`hub admin token in ${file} is too short; delete the file to make a new one`);
  return token;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Throws UNAUTHENTICATED unless the header is `Bearer <token>`; compares in constant time. */
export function requireAdminToken(authorization: string | undefined, token: string): void {
  const presented = authorization?.startsWith('Bearer ') === true ? authorization.slice('Bearer '.length) : '';
  if (!timingSafeEqual(digest(presented), digest(token))) {
    throw new AppError('UNAUTHENTICATED', 'The hub admin token is required for this action.');
  }
}
