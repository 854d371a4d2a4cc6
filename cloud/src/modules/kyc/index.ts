/**
 * KYC: identity documents sealed at rest, biometric checks, review; an approval activates the account and issues its
 * card.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { kycHolderRoutes } from './holder-routes.js';
import { kycRoutes } from './routes.js';

export const kycModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    await app.register(kycRoutes(options.db, app.platform.documents, app.cards, options.biometrics));
    await app.register(kycHolderRoutes(options.db));
  },
  { name: 'kyc', dependencies: ['identity', 'cards'] },
);
