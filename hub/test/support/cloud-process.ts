/**
 * The demo cloud as its own process, for the suites that stop and restart it around the hub:
 * its address and environment, then what its operator reads and does before the hub starts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../../tools/test-support/processes.js';
import { placeOperatorTokenFile, type CloudDatabase } from '../../../tools/test-support/test-databases.js';

/** The environment a demo cloud keeping its files under `root/cloud` starts (and restarts) with. */
export async function cloudProcessEnv(
  root: string,
  database: CloudDatabase,
): Promise<{ cloudUrl: string; cloudEnv: Record<string, string> }> {
  const cloudPort = await freePort();
  const cloudEnv = {
    CLOUD_PORT: String(cloudPort),
    ISMAIL_DATA_DIR: path.join(root, 'cloud'),
    ISMAIL_DEMO: 'true',
    LOG_LEVEL: 'silent',
    ...(await database.cloudEnv()),
  };
  placeOperatorTokenFile(cloudEnv);
  return { cloudUrl: `http://127.0.0.1:${String(cloudPort)}`, cloudEnv };
}

export interface DemoAccount {
  id: string;
  email: string;
  ismailId: string | null;
}

export interface CloudOperator {
  /** JSON request headers carrying the operator token the cloud wrote. */
  readonly headers: Record<string, string>;
  byEmail(email: string): DemoAccount | undefined;
  /** Registers a hub for the partner; the answer carries the one-time pairing code. */
  registerHub(partnerId: string | undefined, name: string): Promise<{ hub: { id: string }; pairingCode: string }>;
  /** The card the cloud issued to the account (token empty when it has none). */
  cardOf(account: DemoAccount | undefined): Promise<{ token: string }>;
}

/** The operator of the running cloud at `cloudUrl`, with the demo accounts read once. */
export async function cloudOperator(root: string, cloudUrl: string): Promise<CloudOperator> {
  const token = readFileSync(path.join(root, 'cloud', 'cloud', 'operator-token'), 'utf8').trim();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const { accounts } = (await (await fetch(`${cloudUrl}/v1/operator/accounts?limit=100`, { headers })).json()) as {
    accounts: DemoAccount[];
  };
  return {
    headers,
    byEmail: (email) => accounts.find((a) => a.email === email),
    registerHub: async (partnerId, name) =>
      (await (
        await fetch(`${cloudUrl}/v1/operator/hubs`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ partnerId, name }),
        })
      ).json()) as { hub: { id: string }; pairingCode: string },
    cardOf: async (account) =>
      (await (
        await fetch(`${cloudUrl}/v1/operator/cards/by-ismail-id/${account?.ismailId ?? ''}`, { headers })
      ).json()) as { token: string },
  };
}
