/**
 * Staff sign-in at this counter (online, or offline with a recently confirmed password), who
 * is signed in, sign-out, and the hub's audit trail for managers. Schemas: shared/src/hub-api/staff.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AppError,
  HubAuditQuerySchema,
  HubAuditTrailSchema,
  HubErrorResponses,
  HubPrincipalSchema,
  HubSignInRequestSchema,
  HubSignInResponseSchema,
  HubSignOutResponseSchema,
} from '@ismail/shared';
import { HubAuth, principalOf } from '../http/hub-auth.js';
import type { StaffDesk } from '../staff/staff-desk.js';
import { hubAuditTrail } from '../store/audit.js';
import type { HubDatabase } from '../store/open.js';

export function staffRoutes(options: { auth: HubAuth; staff: StaffDesk; db: HubDatabase }) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const errors = HubErrorResponses;
    app.post(
      '/api/v1/staff/sign-in',
      { schema: { body: HubSignInRequestSchema, response: { 200: HubSignInResponseSchema, ...errors } } },
      // Online the cloud rate-limits guesses per person; offline a few wrong tries forget the cached password.
      async (request, reply) => {
        const { token, staff } = await options.staff.signIn(request.body);
        reply.header('cache-control', 'no-store');
        return { token, staff };
      },
    );

    app.get(
      '/api/v1/staff/me',
      { onRequest: options.auth.guard('cashier'), schema: { response: { 200: HubPrincipalSchema, ...errors } } },
      async (request) => principalOf(request),
    );

    app.post(
      '/api/v1/staff/sign-out',
      { schema: { response: { 200: HubSignOutResponseSchema, ...errors } } },
      async (request) => {
        const ended = options.staff.signOut(HubAuth.bearer(request.headers.authorization));
        if (!ended) throw new AppError('UNAUTHENTICATED', 'No open session with this token.');
        return { signedOut: true as const };
      },
    );

    app.get(
      '/api/v1/audit',
      {
        onRequest: options.auth.guard('manager'),
        schema: { querystring: HubAuditQuerySchema, response: { 200: HubAuditTrailSchema, ...errors } },
      },
      async (request) => ({ entries: hubAuditTrail(options.db, request.query.limit) }),
    );
  };
}
