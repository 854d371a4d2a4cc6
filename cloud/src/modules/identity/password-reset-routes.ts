/**
 * "Mot de passe oublié": asking for a reset link by e-mail, and setting a new password with it. Both are public (the
 * person cannot sign in). Asking answers 202 with one body whatever the address, at once: the account's part (its
 * lookup, budget, link and e-mail) runs after the answer, so neither the body nor the time taken says whether the
 * address has an account. The logic is password-reset.ts; this file owns the answers and the work left running.
 *
 * Must never log a token: the confirmation's body is not logged by the platform, and failures here log no body.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withErrors } from '../../platform/http/schemas.js';
import { hashPassword } from './password.js';
import {
  confirmPasswordReset,
  invalidLinkMessage,
  isLiveLink,
  requestPasswordReset,
  reserveSourceRequest,
} from './password-reset.js';

/** Requests whose account part may run after their answer at once; past it a request waits for its own work. */
const backgroundMax = 100;
/** Confirmations per address: each right one costs a scrypt hash (32 MiB); tokens themselves cannot be guessed. */
const confirmRateLimit = { max: 20, timeWindow: '1 minute' };

export const resetRequestedMessage =
  'Si un compte actif utilise cette adresse, un lien pour choisir un nouveau mot de passe vient de lui être envoyé.';

export interface PasswordResetRoutesOptions {
  readonly db: Database;
  /** The portal's origin (links in e-mails start with it). */
  readonly publicUrl: string;
}

export function passwordResetRoutes({ db, publicUrl }: PasswordResetRoutesOptions) {
  const origin = publicUrl.replace(/\/$/, '');
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const running = new Set<Promise<void>>();
    // The notifications module registers after identity: its service is looked up when a request comes.
    const notifications = () => (app.hasDecorator('notifications') ? app.notifications.service : undefined);
    // Work still running finishes before the app (and its database) closes.
    app.addHook('preClose', async () => {
      await Promise.allSettled([...running]);
    });

    app.post(
      '/v1/auth/password-reset',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary:
            'Ask for a password reset link by e-mail (the same answer whether the address has an account or not)',
          operationId: 'requestPasswordReset',
          body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }) }, { additionalProperties: false }),
          response: withErrors({ 202: Type.Object({ message: Type.String() }) }),
        },
      },
      async (request, reply) => {
        const place = `ip:${request.ip}`;
        // Every request counts against its address, an unknown e-mail included; over the budget nothing is done.
        if (await reserveSourceRequest(db.pool, request.ip)) {
          const work = requestPasswordReset(
            db.pool,
            { publicUrl: origin, notifications: notifications() },
            request.body.email,
            place,
          )
            .then(() => undefined)
            .catch((error: unknown) => {
              // The error alone: the body holds the address, and nothing here holds a token.
              request.log.error({ err: error }, 'password reset request failed');
            });
          if (running.size >= backgroundMax) await work;
          else {
            running.add(work);
            void work.finally(() => running.delete(work));
          }
        }
        return reply.status(202).send({ message: resetRequestedMessage });
      },
    );

    app.post(
      '/v1/auth/password-reset/confirm',
      {
        config: { access: 'public', rateLimit: confirmRateLimit },
        schema: {
          tags: ['auth'],
          summary: "Set a new password with a reset link's token (once); every session of the account ends",
          operationId: 'confirmPasswordReset',
          body: Type.Object(
            {
              token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
              password: Type.String({ minLength: 10, maxLength: 200 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({ email: Type.String({ description: 'The account whose password changed, to sign in' }) }),
          }),
        },
      },
      async (request) => {
        const { token, password } = request.body;
        // A dead token is refused before the costly hash; the transaction checks it again under its lock.
        if (!(await isLiveLink(db.pool, token))) throw new AppError('VALIDATION_FAILED', invalidLinkMessage);
        const passwordHash = await hashPassword(password);
        const done = await confirmPasswordReset(db.pool, origin, token, passwordHash, `ip:${request.ip}`);
        // Their access tokens stop at once, and their notification screens close.
        app.sessionGate.ended({ accountId: done.accountId, sessionIds: 'all' });
        return { email: done.email };
      },
    );
  };
}
