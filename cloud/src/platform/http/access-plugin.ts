/**
 * Deny by default: every route declares `config.access`: `'public'`, `'operator'` (the
 * operator token), `'hub'` (a paired hub's signed request, see hub-auth) or a RouteAccess
 * (resource, action, second factor). A route without a declaration makes the app refuse to
 * start. Every kind but public is checked here, before anything else runs (body parsing and
 * validation included), so no module can forget its own guard: protected routes
 * authenticate the bearer access token and apply the RBAC matrix (the handler receives the
 * allowed scope); hub routes get `request.hub` and their body checked against the signed
 * digest before it is parsed.
 */
import type { FastifyInstance } from 'fastify';
import { AppError, decideAccess, type Principal, type RouteAccess, type Scope } from '@ismail/shared';
import { verifyAccessToken } from '../../modules/identity/tokens.js';
import type { Keyring } from '../keys/keyring.js';
import type { HubRecord } from '../../modules/hubs/registry.js';
import { checkHubBody, type HubRequestAuthenticator } from './hub-auth.js';
import { requireOperator } from './operator-token.js';

export type AccessDeclaration = 'public' | 'operator' | 'hub' | RouteAccess;

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
    /** The hub of an `access: 'hub'` route's request, authenticated by its signature. */
    hub: HubRecord | null;
  }
}

/** The body digest a hub signed, kept from onRequest to preParsing. */
const signedBodies = new WeakMap<object, string>();

/** Only what can answer without a declaration: the framework's own 404 handling. */
export function registerAccessControl(
  app: FastifyInstance,
  keyring: Keyring,
  guards: { readonly operatorToken: string; readonly hubs: HubRequestAuthenticator },
): void {
  const table: { method: string; url: string; access: AccessDeclaration }[] = [];
  app.decorate('accessTable', table);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access === undefined) {
      throw new Error(
        `route ${String(route.method)} ${route.url} declares no access (config.access): routes are denied by default`,
      );
    }
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });
  app.decorateRequest('principal', null);
  app.decorateRequest('scope', null);
  app.decorateRequest('hub', null);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    if (access === 'operator') {
      requireOperator(request.headers.authorization, guards.operatorToken);
      return;
    }
    if (access === 'hub') {
      const { hub, bodySha256 } = await guards.hubs.authenticate(request);
      request.hub = hub;
      signedBodies.set(request, bodySha256);
      return;
    }
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ') !== true) throw new AppError('UNAUTHENTICATED');
    const principal = await verifyAccessToken(keyring, header.slice('Bearer '.length));
    // Signed out, suspended or closed since the token was issued (auth/session-gate: at once here, within 30 s
    // elsewhere).
    await request.server.sessionGate.assertOpen(principal);
    const decision = decideAccess(principal, access);
    if (!decision.allowed) throw new AppError(decision.code, decision.code === 'FORBIDDEN' ? undefined : decision.why);
    request.principal = principal;
    request.scope = decision.scope;
  });
  // A hub's body is read once, whole (within the route's limit), and must be the one signed.
  app.addHook('preParsing', async (request, _reply, payload) => {
    const expected = signedBodies.get(request);
    if (request.routeOptions.config.access !== 'hub' || expected === undefined) return payload;
    return checkHubBody(payload, expected, request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1_048_576);
  });
}

/** The principal of a protected route's request (set by the hook; absent is a programmer error). */
export function principalOf(request: { principal: (Principal & { sessionId: string }) | null; scope: Scope | null }): {
  principal: Principal & { sessionId: string };
  scope: Scope;
} {
  if (request.principal === null || request.scope === null)
    throw new Error('principalOf called on a route without access control');
  return { principal: request.principal, scope: request.scope };
}

/** The hub of an `access: 'hub'` route's request (set by the hook; absent is a programmer error). */
export function hubOf(request: { hub: HubRecord | null }): HubRecord {
  if (request.hub === null) throw new Error('hubOf called on a route without access: hub');
  return request.hub;
}
