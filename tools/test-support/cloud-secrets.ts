/**
 * What a test or bench gives a cloud process in production mode (DATABASE_URL set): the secrets it takes from its
 * environment and refuses to start without (issue 29.1). No vitest here: benches import it too.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The secrets a cloud in production mode (DATABASE_URL set) takes from its environment and refuses to start without
 * (issue 29.1): fresh for each database, as an operator's secret store would hold them.
 */
export function productionSecretsEnv(): Record<string, string> {
  const vapid = createECDH('prime256v1');
  vapid.generateKeys();
  // A P-256 private key is 32 bytes; a leading zero byte would shorten the buffer, and web-push wants exactly 32.
  const privateKey = vapid.getPrivateKey();
  return {
    ISMAIL_MASTER_KEY: randomBytes(32).toString('base64url'),
    ISMAIL_OPERATOR_TOKEN: randomBytes(32).toString('base64url'),
    VAPID_PUBLIC_KEY: vapid.getPublicKey().toString('base64url'),
    VAPID_PRIVATE_KEY: Buffer.concat([Buffer.alloc(32 - privateKey.length), privateKey]).toString('base64url'),
  };
}

/**
 * Where the CLI and the tests read the operator token on the cloud's machine (ISMAIL_DATA_DIR/cloud/operator-token):
 * a cloud in production mode writes no file, so the test places the token it gave, as an operator would for the CLI.
 */
export function placeOperatorTokenFile(env: Readonly<Record<string, string>>): void {
  const token = env.ISMAIL_OPERATOR_TOKEN;
  const dataDir = env.ISMAIL_DATA_DIR;
  if (token === undefined || dataDir === undefined) return;
  mkdirSync(path.join(dataDir, 'cloud'), { recursive: true });
  writeFileSync(path.join(dataDir, 'cloud', 'operator-token'), `${token}\n`, { mode: 0o600 });
}
