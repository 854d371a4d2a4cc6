/** @ismail/hub: the counter hub service (runs headless, or under the Electron shell). */
export { buildHubApp, type HubAppOptions } from './http/app.js';
export { hubEnvSpec, parseHubConfig, type HubConfig } from './config.js';
export { openHubDatabase, readStorePragmas, type HubDatabase } from './store/open.js';
export { migrateHubDatabase, hubMigrationsDir } from './store/migrate.js';
export { startHub, hubPaths, type RunningHub } from './server.js';
export { hubVersion } from './version.js';
