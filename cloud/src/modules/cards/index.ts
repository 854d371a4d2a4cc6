/**
 * Cards: signed identity cards (issue, renew, suspend, revoke), their public verification
 * and revocation list, and the card renderer. The card's photo is the holder's approved KYC
 * photo, read from the platform's sealed document store.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { approvedPhoto } from '../kyc/documents.js';
import { cardAdminRoutes } from './admin-routes.js';
import { cardService } from './cards.js';
import { deskRoutes } from './desk-routes.js';
import { cardHolderRoutes } from './holder-routes.js';
import { publicCardRoutes } from './public-routes.js';

export const cardsModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const { keyring, documents } = app.platform;
    const cards = cardService(keyring, (client, accountId) => approvedPhoto(client, documents, accountId));
    app.decorate('cards', cards);
    await app.register(publicCardRoutes(options.db, keyring, cards));
    await app.register(cardAdminRoutes(options.db, cards));
    await app.register(cardHolderRoutes(options.db, cards, documents));
    await app.register(deskRoutes(options.db, cards, documents));
  },
  { name: 'cards', dependencies: ['identity'] },
);
