/**
 * Real estate (Immobilier, seed 3.2.4 and figure 5, issue 25): properties and listings for rent or sale with their
 * paid publication periods and moderation; search with a map and saved searches; visits without double booking, and
 * the agency's door lock opening for a confirmed visitor; leases under law 2018-575 signed in the portal; the rent
 * schedule, whose unpaid dues open debt-collection files.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { registerVisits } from './visit-module.js';
import { registerRealEstateSearch } from './search-plugin.js';
import { registerLeases } from './lease-module.js';
import { registerListings } from './listing-module.js';

export const realEstateModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const publicUrl = options.notifications?.publicUrl ?? 'http://127.0.0.1:8080';
    await registerListings(app, options, publicUrl);
    await registerRealEstateSearch(app, options);
    await registerVisits(app, options, publicUrl);
    await registerLeases(app, options, publicUrl);
  },
  { name: 'real-estate', dependencies: ['identity', 'wallet', 'notifications', 'invoicing', 'debt-collection'] },
);
