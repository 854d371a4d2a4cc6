/**
 * Sign-in and sessions: password (scrypt), then TOTP when the account has enrolled it;
 * access token (15 min, ES256 with kid) and rotating refresh token. Admin profiles that
 * have not enrolled TOTP get a session without the second factor: they can enrol, and
 * every admin route refuses them until they sign in with a code.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, ErrorBodySchema, profileRequiresSecondFactor, type Action, type ProfileKey } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { MasterKey } from '../../platform/crypto/sealed.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import type { Keyring } from '../../platform/keys/keyring.js';
import { hashPassword, verifyPassword } from './password.js';
import { endSession, rotateRefreshToken } from './sessions.js';
import { accessTokenTtlS, issueAccessToken } from './tokens.js';
import { securityRoutes } from './security-routes.js';
import { insertSelfSignedUpAccount } from './self-sign-up.js';
import { openSessionTokens } from './session-tokens.js';
import { totpRoutes } from './totp-routes.js';
import { acceptTotp, claimTotpStep } from './totp.js';
import { giveBackAttempt, normalisedEmail, reserveAttempt, signInBudget, totpBudget } from './sign-in-attempts.js';

/** Flooding from one address. Kept high: many clients share one carrier-grade NAT address. */
// Routes that declare only their refusals: the type provider types no success answer from them.
const refusals: Record<string, TSchema> = { '4xx': ErrorBodySchema };
const signInRateLimit = { max: 100, timeWindow: '1 minute' };

const TokensSchema = Type.Object({
  accessToken: Type.String(),
  expiresInS: Type.Integer(),
  refreshToken: Type.String(),
  secondFactor: Type.Boolean({ description: 'The session passed TOTP; admin routes need it.' }),
  secondFactorRequired: Type.Boolean({ description: 'This profile must enrol TOTP before using admin routes.' }),
});

interface AccountRow {
  id: string;
  profile: ProfileKey;
  status: string;
  password_hash: string;
  totp_secret_sealed: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: string | null;
  delegated_actions: Action[] | null;
}

/** Spends the same time as a real check so a wrong email is not faster than a wrong password. */
const decoyHash = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export function authRoutes(db: Database, keyring: Keyring, masterKey: MasterKey) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    await app.register(securityRoutes(db));
    await app.register(totpRoutes(db, masterKey));
    app.post(
      '/v1/auth/sign-in',
      {
        config: { access: 'public', rateLimit: signInRateLimit },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with email, password and (when enrolled) an authenticator code',
          operationId: 'signIn',
          body: Type.Object(
            {
              email: Type.String({ minLength: 3, maxLength: 254 }),
              password: Type.String({ minLength: 1, maxLength: 200 }),
              totpCode: Type.Optional(Type.String({ maxLength: 10 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: TokensSchema, '4xx': ErrorBodySchema },
        },
      },
      async (request) => {
        const body = request.body;
        const email = normalisedEmail(body.email);
        // Per address and email, in PostgreSQL: only this source is slowed, never the account.
        const slot = await reserveAttempt(db.pool, 'source', [email, request.ip], signInBudget);
        if (!slot.allowed)
          throw new AppError(
            'RATE_LIMITED',
            'Too many sign-in attempts for this account from this address; wait a quarter of an hour.',
          );
        const { rows } = await db.pool.query<AccountRow>(
          'SELECT id, profile, status, password_hash, totp_secret_sealed, totp_enabled_at, totp_last_step, delegated_actions FROM accounts WHERE email = $1',
          [email],
        );
        const account = rows[0];
        const passwordOk = await verifyPassword(body.password, account?.password_hash ?? decoyHash);
        const place = `ip:${request.ip}`;
        if (account === undefined || !passwordOk || account.status === 'suspended' || account.status === 'closed') {
          if (account !== undefined) {
            await withTransaction(db.pool, (c) =>
              appendAudit(c, {
                actor: { accountId: account.id, label: 'sign-in' },
                action: 'auth.sign_in_refused',
                subject: { type: 'account', id: account.id },
                place,
                detail: { why: passwordOk ? account.status : 'password' },
              }),
            );
          }
          throw new AppError('INVALID_CREDENTIALS');
        }
        let secondFactor = false;
        if (account.totp_enabled_at !== null && account.totp_secret_sealed !== null) {
          if (body.totpCode === undefined) {
            // The password was right: asking for the code is not a failed try.
            await giveBackAttempt(db.pool, slot);
            throw new AppError('SECOND_FACTOR_CODE_REQUIRED');
          }
          // Wrong codes after a right password, from any address: only someone holding the password spends this.
          const codeSlot = await reserveAttempt(db.pool, 'totp', [account.id], totpBudget);
          if (!codeSlot.allowed)
            throw new AppError(
              'RATE_LIMITED',
              'Too many wrong authenticator codes for this account; wait a quarter of an hour.',
            );
          const step = acceptTotp(
            masterKey,
            account.id,
            account.totp_secret_sealed,
            body.totpCode,
            account.totp_last_step === null ? null : Number(account.totp_last_step),
          );
          // The compare-and-set is the real check: of parallel requests with one code, one wins.
          if (step === undefined || !(await claimTotpStep(db.pool, account.id, step)))
            throw new AppError('INVALID_CREDENTIALS');
          await giveBackAttempt(db.pool, codeSlot);
          secondFactor = true;
        }
        await giveBackAttempt(db.pool, slot);
        return withTransaction(db.pool, async (client) => {
          await appendAudit(client, {
            actor: { accountId: account.id, label: 'sign-in' },
            action: 'auth.signed_in',
            subject: { type: 'account', id: account.id },
            place,
            detail: { secondFactor },
          });
          return openSessionTokens(client, keyring, account, secondFactor, request.headers['user-agent']);
        });
      },
    );

    app.post(
      '/v1/auth/sign-up',
      {
        // Bounds account creation from one address (bots); a family or a shop may share one.
        config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 hour' } },
        schema: {
          tags: ['auth'],
          summary: 'Create a client or partner account (pending until KYC approval)',
          operationId: 'signUp',
          body: Type.Object(
            {
              profile: Type.Union([Type.Literal('client'), Type.Literal('partner')]),
              email: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' }),
              password: Type.String({ minLength: 10, maxLength: 200 }),
              firstName: Type.String({ minLength: 1, maxLength: 100 }),
              lastName: Type.String({ minLength: 1, maxLength: 100 }),
              country: Type.String({ pattern: '^[A-Z]{2}$', default: 'CI' }),
            },
            { additionalProperties: false },
          ),
          response: { 200: TokensSchema, '4xx': ErrorBodySchema },
        },
      },
      async (request) => {
        const body = request.body;
        const email = body.email.trim().toLowerCase();
        const passwordHash = await hashPassword(body.password);
        return withTransaction(db.pool, async (client) => {
          const id = await insertSelfSignedUpAccount(
            client,
            { ...body, email, passwordHash },
            { place: `ip:${request.ip}`, detail: {} },
          );
          if (id === null) throw new AppError('CONFLICT', 'An account already uses this email; sign in instead.');
          const account = { id, profile: body.profile, delegated_actions: null };
          return openSessionTokens(client, keyring, account, false, request.headers['user-agent']);
        });
      },
    );

    app.post(
      '/v1/auth/refresh',
      {
        config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: 'Trade a refresh token for new tokens (each refresh token works once)',
          operationId: 'refresh',
          body: Type.Object(
            { refreshToken: Type.String({ minLength: 20, maxLength: 100 }) },
            { additionalProperties: false },
          ),
          response: { 200: TokensSchema, '4xx': ErrorBodySchema },
        },
      },
      async (request) => {
        const { refreshToken } = request.body;
        // A reused refresh token ends its whole family: their access tokens stop at once too.
        const rotated = await rotateRefreshToken(db.pool, refreshToken, `ip:${request.ip}`, (ended) =>
          app.sessionGate.ended(ended),
        );
        const accessToken = await issueAccessToken(keyring, {
          ...rotated.account,
          secondFactor: rotated.secondFactor,
          sessionId: rotated.sessionId,
        });
        return {
          accessToken,
          expiresInS: accessTokenTtlS,
          refreshToken: rotated.refreshToken,
          secondFactor: rotated.secondFactor,
          secondFactorRequired: profileRequiresSecondFactor(rotated.account.profile),
        };
      },
    );

    app.post(
      '/v1/auth/sign-out',
      {
        config: { access: { resource: 'accounts', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: ['auth'],
          summary: 'End this session and its refresh tokens',
          operationId: 'signOut',
          response: refusals,
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const ended = await endSession(db.pool, principal.sessionId);
        // Its access tokens stop at once here, and its notification screens close.
        app.sessionGate.ended({ accountId: principal.accountId, sessionIds: ended });
        return reply.status(204).send();
      },
    );
  };
}
