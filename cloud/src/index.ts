/** @ismail/cloud: the Fastify + PostgreSQL system of record. */
export { buildCloudApp, type CloudAppOptions } from './app.js';
export { cloudEnvSpec, type CloudConfig } from './config.js';
export { parseCloudConfig } from './config-rules.js';
export { openDatabase, type Database } from './platform/db/database.js';
export { migrate, loadMigrations, MigrationError, cloudMigrationsDir } from './platform/db/migrate.js';
export { startCloud, type RunningCloud } from './server.js';
export { demoAccounts, demoPassword, demoStaff, demoTotpSecret, type DemoAccount } from './demo/accounts.js';
export { cloudVersion } from './version.js';
export { renderCardPdf, renderCardPng, renderQrPng, type CardFace } from './modules/cards/render/index.js';
