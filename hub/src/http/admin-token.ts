/**
 * The hub's local admin token: the machine administrator's secret (pairing, printers,
 * scanners, export, unpair, wipe), created on first start in a 0600 file in the data
 * folder. Reading that file proves local administrative access to the machine. Counter
 * staff sign in instead (hub/src/staff). Checked by HubAuth (http/hub-auth.ts).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

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
