/**
 * The client portal (renderer/dist/portal) served at /, the API staying under /v1: its files
 * with their cache rules (files.ts) and security headers (headers.ts), and any other GET path
 * answered with its page so client routes (/history) open directly. /v1 and /.well-known paths
 * never get the page: their 404 stays the API's JSON. Without a build, one warning and a short
 * French page (not-built.ts): the cloud and its suites never need the portal built.
 * Registered last, so every module's routes win over its catch-all.
 */
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '@ismail/shared';
import type { ModuleOptions } from '../../platform/options.js';
import { cacheControlFor, defaultPortalDir, fileIn, isApiPath, portalIsBuilt, revalidateCache } from './files.js';
import { portalSecurityHeaders } from './headers.js';
import { notBuiltPage } from './not-built.js';

/** Missing files under these folders are 404s, not client routes: a page sent for a script would not run. */
const fileOnlyPrefixes = ['/assets/', '/icons/'];

function portalRoutes(root: string) {
  return async (app: FastifyInstance): Promise<void> => {
    const built = portalIsBuilt(root);
    if (built) {
      await app.register(fastifyStatic, { root, serve: false, cacheControl: false, etag: true, lastModified: true });
    } else {
      app.log.warn({ portalDir: root }, 'client portal not built: / serves a notice (npm run build -w renderer)');
    }
    app.addHook('onSend', async (_request, reply) => {
      reply.headers(portalSecurityHeaders);
    });
    const page = (reply: FastifyReply) =>
      built
        ? reply.header('cache-control', revalidateCache).sendFile('index.html')
        : reply.status(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(notBuiltPage);
    app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const urlPath = request.url.split('?')[0] ?? '/';
      if (isApiPath(urlPath)) throw new AppError('NOT_FOUND');
      const file = built ? fileIn(root, urlPath) : undefined;
      if (file !== undefined) return reply.header('cache-control', cacheControlFor(file)).sendFile(file);
      if (fileOnlyPrefixes.some((prefix) => urlPath.startsWith(prefix))) throw new AppError('NOT_FOUND');
      return page(reply);
    });
  };
}

export const portalModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    await app.register(portalRoutes(path.resolve(options.config?.PORTAL_DIR ?? defaultPortalDir)));
  },
  { name: 'portal' },
);
