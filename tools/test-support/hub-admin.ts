/**
 * The hub machine's administrator as the suites act it: the bearer token the hub wrote in its
 * data folder, and the pairing of the hub with the code the cloud gave when it was registered.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The admin token the hub whose data folder is `dataDir` wrote at its first start. */
export function adminToken(dataDir: string): string {
  return readFileSync(path.join(dataDir, 'hub', 'admin-token'), 'utf8').trim();
}

/** JSON request headers carrying that admin token. */
export function adminHeaders(dataDir: string): { authorization: string; 'content-type': string } {
  return { authorization: `Bearer ${adminToken(dataDir)}`, 'content-type': 'application/json' };
}

/** Pairs the hub with the cloud's registration; answers the HTTP status for the suite to check. */
export async function pairHub(
  hubUrl: string,
  admin: Record<string, string>,
  registered: { hub: { id: string }; pairingCode: string },
): Promise<number> {
  const response = await fetch(`${hubUrl}/api/v1/pairing`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ hubId: registered.hub.id, pairingCode: registered.pairingCode }),
  });
  return response.status;
}
