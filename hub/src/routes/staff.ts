/**
 * Staff sign-in at this counter (online, or offline with a recently confirmed password), who
 * is signed in, sign-out, and the hub's audit trail for managers.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '@ismail/shared';
import { HubAuth, principalOf } from '../http/hub-auth.js';
import type { StaffDesk } from '../staff/staff-desk.js';
import { hubAuditTrail } from '../store/audit.js';
import type { HubDatabase } from '../store/open.js';

export function staffRoutes(options: { auth: HubAuth; staff: StaffDesk; db: HubDatabase }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post(
      '/api/v1/staff/sign-in',
      {
        schema: {
          body: Type.Object(
            { email: Type.String({ minLength: 3, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 200 }), totpCode: Type.Optional(Type.String({ maxLength: 10 })) },
            { additionalProperties: false },
          ),
        },
      },
      // Online the cloud rate-limits guesses per person; offline a few wrong tries forget the cached password.
      async (request, reply) => {
        const body = request.body as { email: string; password: string; totpCode?: string };
        const { token, staff } = await options.staff.signIn(body);
        reply.header('cache-control', 'no-store');
        return { token, staff };
      },
    );

    app.get('/api/v1/staff/me', { onRequest: options.auth.guard('cashier') }, async (request) => {
      const principal = principalOf(request);
      return principal;
    });

    app.post('/api/v1/staff/sign-out', async (request) => {
      const ended = options.staff.signOut(HubAuth.bearer(request.headers.authorization));
      if (!ended) throw new AppError('UNAUTHENTICATED', 'No open session with this token.');
      return { signedOut: true };
    });

    app.get(
      '/api/v1/audit',
      { onRequest: options.auth.guard('manager'), schema: { querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false }) } },
      async (request) => ({ entries: hubAuditTrail(options.db, (request.query as { limit?: number }).limit) }),
    );
  };
}
