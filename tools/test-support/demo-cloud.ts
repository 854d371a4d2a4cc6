/**
 * A real cloud process with the demo data, on the embedded PostgreSQL or a server database,
 * for the real-process tests: its URL, the
 * operator's headers (read from its data folder, as the CLI does) and the demo accounts.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { builtEntry, freePort, startProcess, waitForHttp } from './processes.js';
import { placeOperatorTokenFile, type CloudDatabase } from './test-databases.js';

export interface DemoCloud {
  readonly url: string;
  readonly port: number;
  readonly env: Record<string, string>;
  process: ChildProcess;
  readonly operator: Record<string, string>;
  /** A demo account's id by email (for example partenaire@demo.ismail.ci). */
  readonly idOf: (email: string) => string;
  /** Registers a hub for the demo boutique: its id and one-time pairing code. */
  readonly registerHub: (name: string) => Promise<{ hub: { id: string }; pairingCode: string }>;
}

/**
 * Starts the cloud on `database` (tests run once per database of `cloudDatabases`). `extraEnv`
 * adds to its environment (the FNE simulator's URL and key, so the cloud submits invoices).
 */
export async function startDemoCloud(
  root: string,
  database: CloudDatabase,
  extraEnv: Record<string, string> = {},
): Promise<DemoCloud> {
  const port = await freePort();
  const url = `http://127.0.0.1:${String(port)}`;
  const env = {
    CLOUD_PORT: String(port),
    ISMAIL_DATA_DIR: path.join(root, 'cloud'),
    ISMAIL_DEMO: 'true',
    LOG_LEVEL: 'silent',
    ...extraEnv,
    ...(await database.cloudEnv()),
  };
  placeOperatorTokenFile(env);
  const child = startProcess(builtEntry('cloud'), env);
  // A demo cloud migrates and seeds a fresh database before it answers: about 20 s on a quiet 2-core machine, and
  // helpers measured over 100 s while other suites loaded it (on PGlite especially).
  await waitForHttp(`${url}/health`, 180_000);
  const operator = {
    authorization: `Bearer ${readFileSync(path.join(root, 'cloud', 'cloud', 'operator-token'), 'utf8').trim()}`,
    'content-type': 'application/json',
  };
  const accounts = (
    (await (await fetch(`${url}/v1/operator/accounts?limit=100`, { headers: operator })).json()) as {
      accounts: { id: string; email: string }[];
    }
  ).accounts;
  const idOf = (email: string): string => accounts.find((a) => a.email === email)?.id ?? '';
  return {
    url,
    port,
    env,
    process: child,
    operator,
    idOf,
    registerHub: async (name) =>
      (await (
        await fetch(`${url}/v1/operator/hubs`, {
          method: 'POST',
          headers: operator,
          body: JSON.stringify({ partnerId: idOf('partenaire@demo.ismail.ci'), name }),
        })
      ).json()) as { hub: { id: string }; pairingCode: string },
  };
}
