/**
 * The operator token: ISMAIL_OPERATOR_TOKEN in production mode (every process behind the load balancer accepts the
 * same one), otherwise a 0600 file in the cloud's data folder, created on first start.
 * Whoever can read it administers this cloud from the machine (the `ismail` CLI uses it).
 * It guards the /v1/operator routes until staff sign-in with a second factor covers them;
 * every operator action is audited with the actor "operator".
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '@ismail/shared';

/** The token from the environment when given (nothing written to disk), else the data folder's file. */
export function loadOperatorToken(fromEnvironment: string | undefined, file: string): string {
  return fromEnvironment ?? loadOrCreateOperatorToken(file);
}

export function loadOrCreateOperatorToken(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const token = readFileSync(file, 'utf8').trim();
  if (token.length < 32) throw new Error(`operator token in ${file} is too short; delete the file to make a new one`);
  return token;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

export function requireOperator(authorization: string | undefined, token: string): void {
  const presented = authorization?.startsWith('Bearer ') === true ? authorization.slice('Bearer '.length) : '';
  if (!timingSafeEqual(digest(presented), digest(token)))
    throw new AppError('UNAUTHENTICATED', 'The operator token is required.');
}
