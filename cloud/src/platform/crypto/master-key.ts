/**
 * Loads the master key: ISMAIL_MASTER_KEY (base64url of 32 bytes) when set, which is how
 * production supplies it from a secret store; otherwise a key file in the data folder,
 * created once with mode 0600 (development and demo).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MasterKey } from './sealed.js';

export const masterKeyBytes = 32;

export function decodeMasterKey(text: string): MasterKey | undefined {
  const bytes = Buffer.from(text.trim(), 'base64url');
  return bytes.length === masterKeyBytes ? { bytes } : undefined;
}

export function loadMasterKey(fromEnvironment: string | undefined, keyFile: string): MasterKey {
  if (fromEnvironment !== undefined) {
    const key = decodeMasterKey(fromEnvironment);
    // The config parser already checked the shape; reaching this is a programmer error.
    if (key === undefined) throw new Error('ISMAIL_MASTER_KEY is not 32 bytes of base64url');
    return key;
  }
  mkdirSync(path.dirname(keyFile), { recursive: true });
  try {
    writeFileSync(keyFile, `${randomBytes(masterKeyBytes).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = decodeMasterKey(readFileSync(keyFile, 'utf8'));
  if (key === undefined)
    throw new Error(
      `master key file ${keyFile} is damaged: restore it from backup (sealed data cannot be opened without it)`,
    );
  return key;
}
