/**
 * Documents (issue 27): one sealed store for every document, signed expiring links bound to their viewer, long export
 * jobs with progress, retention per kind (contracts in platform/documents/types.ts).
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';

export const documentsModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    void app;
    void options;
  },
  { name: 'documents', dependencies: ['identity', 'notifications'] },
);
