/**
 * Social sign-in routes (public): the providers offered, the start of an authorization request,
 * the provider's answer, and the authenticator code of a linked account that enrolled one.
 *
 * A provider identity opens only the account it was linked to (issuer + subject). One that is
 * linked to nothing creates nothing: the person gets a ticket to link an existing account after
 * proving it, or to sign up (link-routes.ts). An email, even verified, never links on its own.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, ErrorBodySchema, type Action, type ProfileKey } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { MasterKey } from '../../platform/crypto/sealed.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { Keyring } from '../../platform/keys/keyring.js';
import type { IdentityProvider, VerifiedIdentity } from '../identity/oidc-relying-party.js';
import { giveBackAttempt, reserveAttempt, totpBudget } from '../identity/sign-in-attempts.js';
import { acceptTotp, claimTotpStep } from '../identity/totp.js';
import { openFlow, takeFlow } from './flows.js';
import { profilesAllowedSocially, socialRefused } from './refusals.js';
import {
  CallbackAnswerSchema,
  CallbackBodySchema,
  ProvidersSchema,
  SecondFactorBodySchema,
  StartAnswerSchema,
  StartBodySchema,
  TokensSchema,
} from './schemas.js';
import { signInSocially } from './session.js';
import { findTicket, issueTicket, spendTicket } from './tickets.js';

export interface SocialRouteOptions {
  readonly db: Database;
  readonly keyring: Keyring;
  readonly masterKey: MasterKey;
  readonly providers: ReadonlyMap<string, IdentityProvider>;
  /** The portal page the provider sends people back to (registered at the provider). */
  readonly redirectUri: string;
}

interface LinkedAccountRow {
  id: string;
  profile: ProfileKey;
  status: string;
  delegated_actions: Action[] | null;
  totp_enabled_at: Date | null;
  totp_secret_sealed: string | null;
  totp_last_step: string | null;
}

const linkedAccountColumns =
  'a.id, a.profile, a.status, a.delegated_actions, a.totp_enabled_at, a.totp_secret_sealed, a.totp_last_step';

const publicIdentity = (identity: VerifiedIdentity) => ({
  email: identity.email,
  emailVerified: identity.emailVerified,
  givenName: identity.givenName,
  familyName: identity.familyName,
});

export function signInRoutes({ db, keyring, masterKey, providers, redirectUri }: SocialRouteOptions) {
  async function linkedAccount(identity: VerifiedIdentity): Promise<LinkedAccountRow | undefined> {
    const { rows } = await db.pool.query<LinkedAccountRow>(
      `SELECT ${linkedAccountColumns} FROM social_identities s JOIN accounts a ON a.id = s.account_id
       WHERE s.issuer = $1 AND s.subject = $2`,
      [identity.issuer, identity.subject],
    );
    return rows[0];
  }

  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/v1/social/providers',
      {
        config: { access: 'public' },
        schema: {
          tags: ['social'],
          summary: 'The social sign-in providers offered ("Continuer avec …")',
          operationId: 'listSocialProviders',
          response: { 200: ProvidersSchema },
        },
      },
      async () => ({ providers: [...providers.values()].map(({ id, label }) => ({ id, label })) }),
    );

    app.post(
      '/v1/social/start',
      {
        config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['social'],
          summary: 'Start a social sign-in: the provider URL to send the browser to (state, nonce, PKCE)',
          operationId: 'startSocialSignIn',
          body: StartBodySchema,
          response: { 200: StartAnswerSchema, '4xx': ErrorBodySchema },
        },
      },
      async (request) => {
        const provider = providers.get(request.body.provider);
        if (provider === undefined) throw new AppError('NOT_FOUND', 'No such sign-in provider.');
        const checks = await openFlow(db.pool, provider.id, request.body.browserKey);
        try {
          return { authorizationUrl: (await provider.authorizationUrl(redirectUri, checks)).href };
        } catch (error) {
          request.log.warn({ err: error, provider: provider.id }, 'social sign-in provider unreachable');
          throw socialRefused('PROVIDER_UNREACHABLE');
        }
      },
    );

    app.post(
      '/v1/social/callback',
      {
        config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['social'],
          summary: "Finish a social sign-in with the provider's answer: signed in, code needed, or not linked yet",
          operationId: 'finishSocialSignIn',
          body: CallbackBodySchema,
          response: { 200: CallbackAnswerSchema, '4xx': ErrorBodySchema },
        },
      },
      async (request) => {
        const query = request.body.query.replace(/^\?/, '');
        const state = new URLSearchParams(query).get('state');
        // Unknown, used, expired or started in another browser: the same refusal.
        const flow = state === null ? undefined : await takeFlow(db.pool, state, request.body.browserKey);
        const provider = flow === undefined ? undefined : providers.get(flow.provider);
        if (flow === undefined || provider === undefined) throw socialRefused('STATE_UNKNOWN');
        const outcome = await provider.redeem(new URL(`${redirectUri}?${query}`), flow.checks);
        if (!outcome.ok) {
          request.log.warn({ provider: provider.id, reason: outcome.reason }, 'social sign-in refused');
          throw socialRefused(outcome.reason);
        }
        const identity = { ...outcome.identity, issuer: provider.issuer };
        const providerLabel = provider.label;
        const account = await linkedAccount(identity);
        if (account === undefined) {
          const ticket = await issueTicket(db.pool, 'unlinked', identity, providerLabel, null);
          return { status: 'unlinked' as const, providerLabel, ticket, identity: publicIdentity(identity) };
        }
        if (
          account.status === 'suspended' ||
          account.status === 'closed' ||
          !profilesAllowedSocially.has(account.profile)
        )
          throw socialRefused('ACCOUNT_NOT_ALLOWED');
        if (account.totp_enabled_at !== null) {
          const ticket = await issueTicket(db.pool, 'second_factor', identity, providerLabel, account.id);
          return { status: 'second-factor' as const, providerLabel, ticket };
        }
        const tokens = await withTransaction(db.pool, (client) =>
          signInSocially(client, keyring, account, false, {
            place: `ip:${request.ip}`,
            issuer: provider.issuer,
            userAgent: request.headers['user-agent'],
          }),
        );
        return { status: 'signed-in' as const, providerLabel, tokens };
      },
    );

    app.post(
      '/v1/social/second-factor',
      {
        config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['social'],
          summary: "Finish a social sign-in with the linked account's authenticator code",
          operationId: 'finishSocialSecondFactor',
          body: SecondFactorBodySchema,
          response: { 200: TokensSchema, '4xx': ErrorBodySchema },
        },
      },
      async (request) => {
        const ticket = await findTicket(db.pool, request.body.ticket, 'second_factor');
        if (ticket?.accountId == null) throw socialRefused('TICKET_UNKNOWN');
        const accountId = ticket.accountId;
        const { rows } = await db.pool.query<LinkedAccountRow>(
          `SELECT ${linkedAccountColumns} FROM accounts a WHERE a.id = $1`,
          [accountId],
        );
        const account = rows[0];
        if (account?.totp_secret_sealed == null) throw socialRefused('TICKET_UNKNOWN');
        const codeSlot = await reserveAttempt(db.pool, 'totp', [accountId], totpBudget);
        if (!codeSlot.allowed)
          throw new AppError(
            'RATE_LIMITED',
            'Too many wrong authenticator codes for this account; wait a quarter of an hour.',
          );
        const lastStep = account.totp_last_step === null ? null : Number(account.totp_last_step);
        const step = acceptTotp(masterKey, accountId, account.totp_secret_sealed, request.body.totpCode, lastStep);
        if (step === undefined || !(await claimTotpStep(db.pool, accountId, step)))
          throw new AppError('INVALID_CREDENTIALS');
        await giveBackAttempt(db.pool, codeSlot);
        return withTransaction(db.pool, async (client) => {
          if (!(await spendTicket(client, ticket.hash))) throw socialRefused('TICKET_UNKNOWN');
          await appendAudit(client, {
            actor: { accountId, label: 'sign-in' },
            action: 'auth.totp_accepted',
            subject: { type: 'account', id: accountId },
            place: `ip:${request.ip}`,
            detail: { method: 'social' },
          });
          return signInSocially(client, keyring, account, true, {
            place: `ip:${request.ip}`,
            issuer: ticket.issuer,
            userAgent: request.headers['user-agent'],
          });
        });
      },
    );
  };
}
