/**
 * Deny by default: every route declares `config.access`: `'public'`, `'operator'` (guarded
 * by the operator token in its own plugin) or a RouteAccess (resource, action, second
 * factor). A route without a declaration makes the app refuse to start. Protected routes
 * authenticate the bearer access token and apply the RBAC matrix before anything else
 * runs (body parsing and validation included); the handler receives the allowed scope.
 */
import type { FastifyInstance } from 'fastify';
import { AppError, decideAccess, type Principal, type RouteAccess, type Scope } from '@ismail/shared';
import { verifyAccessToken } from '../auth/tokens.js';
import type { Keyring } from '../keys/keyring.js';

export type AccessDeclaration = 'public' | 'operator' | RouteAccess;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessDeclaration;
  }
  interface FastifyInstance {
    /** Every route with its access declaration: the matrix test walks it. */
    accessTable: { method: string; url: string; access: AccessDeclaration }[];
  }
  interface FastifyRequest {
    principal: (Principal & { sessionId: string }) | null;
    scope: Scope | null;
  }
}

/** Only what can answer without a declaration: the framework's own 404 handling. */
export function registerAccessControl(app: FastifyInstance, keyring: Keyring): void {
  const table: { method: string; url: string; access: AccessDeclaration }[] = [];
  app.decorate('accessTable', table);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access (config.access): routes are denied by default`);
    }
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });
  app.decorateRequest('principal', null);
  app.decorateRequest('scope', null);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public' || access === 'operator') return;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ') !== true) throw new AppError('UNAUTHENTICATED');
    const principal = await verifyAccessToken(keyring, header.slice('Bearer '.length));
    // Signed out, suspended or closed since the token was issued (auth/session-gate: at once here, within 30 s elsewhere).
    await request.server.sessionGate.assertOpen(principal);
    const decision = decideAccess(principal, access);
    if (!decision.allowed) throw new AppError(decision.code, decision.code === 'FORBIDDEN' ? undefined : decision.why);
    request.principal = principal;
    request.scope = decision.scope;
  });
}

/** The principal of a protected route's request (set by the hook; absent is a programmer error). */
export function principalOf(request: { principal: (Principal & { sessionId: string }) | null; scope: Scope | null }): { principal: Principal & { sessionId: string }; scope: Scope } {
  if (request.principal === null || request.scope === null) throw new Error('principalOf called on a route without access control');
  return { principal: request.principal, scope: request.scope };
}
