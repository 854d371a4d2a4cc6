/**
 * Starts a whole hub from a parsed config: store, migrations, admin token, HTTP app.
 * `stop()` closes HTTP first (no new sales), then the store (checkpointing the WAL).
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { HubConfig } from './config.js';
import { loadOrCreateAdminToken } from './http/admin-token.js';
import { buildHubApp } from './http/app.js';
import { migrateHubDatabase } from './store/migrate.js';
import { openHubDatabase, type HubDatabase } from './store/open.js';

export interface RunningHub {
  readonly app: FastifyInstance;
  readonly db: HubDatabase;
  readonly url: string;
  /** Where paired terminals reach the hub over HTTPS (null: the LAN listener is off or did not start). */
  readonly lanUrl: string | null;
  readonly adminTokenFile: string;
  stop(): Promise<void>;
}

export function hubPaths(dataDir: string): { databaseFile: string; adminTokenFile: string } {
  const hubDir = path.resolve(dataDir, 'hub');
  return { databaseFile: path.join(hubDir, 'hub.sqlite'), adminTokenFile: path.join(hubDir, 'admin-token') };
}

export async function startHub(config: HubConfig, logStream?: NodeJS.WritableStream): Promise<RunningHub> {
  const paths = hubPaths(config.ISMAIL_DATA_DIR);
  const db = openHubDatabase(paths.databaseFile);
  try {
    const applied = migrateHubDatabase(db);
    const adminToken = loadOrCreateAdminToken(paths.adminTokenFile);
    const app = await buildHubApp({
      db,
      adminToken,
      counterAppDir: config.HUB_COUNTER_APP_DIR,
      cloudUrl: config.CLOUD_URL,
      trustPullMs: config.HUB_CARD_TRUST_PULL_S * 1000,
      responseCheck: config.HUB_RESPONSE_CHECK,
      credentialsDir: path.dirname(paths.databaseFile),
      mqtt: {
        host: config.HUB_MQTT_HOST,
        port: config.HUB_MQTT_PORT,
        ...(config.HUB_MQTT_DEV_PLAIN_PORT === 0 ? {} : { plainLoopbackPort: config.HUB_MQTT_DEV_PLAIN_PORT }),
      },
      ...(config.HUB_LAN_PORT === 0 ? {} : { lan: { host: config.HUB_LAN_HOST, port: config.HUB_LAN_PORT } }),
      logLevel: config.LOG_LEVEL,
      ...(logStream === undefined ? {} : { logStream }),
    });
    app.log.info({ store: paths.databaseFile, applied, cloud: config.CLOUD_URL }, 'hub store ready');
    const url = await app.listen({ host: config.HUB_HOST, port: config.HUB_PORT });
    return {
      app,
      db,
      url,
      lanUrl: app.lanUrl(),
      adminTokenFile: paths.adminTokenFile,
      stop: async () => {
        await app.close();
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
