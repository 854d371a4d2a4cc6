/**
 * What a person does with a provider identity linked to nothing (a ticket from the callback):
 * link it to their EXISTING account after proving that account (its password, and its
 * authenticator code when enrolled, under the same budgets as a password sign-in), or sign up
 * (the new account is pending until KYC, like any sign-up). Both are audited.
 *
 * Never links by email: the email typed here only names the account whose password is checked.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import { AppError, ErrorBodySchema, type Action, type ProfileKey } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { hashPassword, verifyPassword } from '../identity/password.js';
import {
  giveBackAttempt,
  normalisedEmail,
  reserveAttempt,
  signInBudget,
  totpBudget,
} from '../identity/sign-in-attempts.js';
import { acceptTotp, claimTotpStep } from '../identity/totp.js';
import { profilesAllowedSocially, socialRefused } from './refusals.js';
import { LinkBodySchema, SignUpBodySchema, TokensSchema } from './schemas.js';
import { signInSocially } from './session.js';
import { insertSelfSignedUpAccount } from '../identity/self-sign-up.js';
import type { SocialRouteOptions } from './sign-in-routes.js';
import { findTicket, spendTicket, type Ticket } from './tickets.js';

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

/** Spends the same time as a real check so an unknown email is not faster than a wrong password. */
const decoyHash = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Records the link; a second account claiming the same identity gets a conflict. */
async function linkIdentity(client: pg.PoolClient, ticket: Ticket, accountId: string, place: string): Promise<void> {
  const inserted = await client.query(
    `INSERT INTO social_identities (id, account_id, issuer, subject, provider_label, email)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (issuer, subject) DO NOTHING`,
    [randomUUID(), accountId, ticket.issuer, ticket.subject, ticket.providerLabel, ticket.email],
  );
  if (inserted.rowCount !== 1) throw new AppError('CONFLICT', 'This sign-in identity is already linked to an account.');
  await appendAudit(client, {
    actor: { accountId, label: 'self' },
    action: 'social.identity_linked',
    subject: { type: 'account', id: accountId },
    place,
    detail: { issuer: ticket.issuer, provider: ticket.providerLabel },
  });
}

export function linkRoutes({ db, keyring, masterKey }: SocialRouteOptions) {
  /** The authenticator code step of the proof; true when a code was checked. */
  async function checkCode(account: AccountRow, totpCode: string | undefined, slot: { key: string }): Promise<boolean> {
    if (account.totp_enabled_at === null || account.totp_secret_sealed === null) return false;
    if (totpCode === undefined) {
      await giveBackAttempt(db.pool, { key: slot.key, allowed: true, attempts: 0 });
      throw new AppError('SECOND_FACTOR_CODE_REQUIRED');
    }
    const codeSlot = await reserveAttempt(db.pool, 'totp', [account.id], totpBudget);
    if (!codeSlot.allowed)
      throw new AppError(
        'RATE_LIMITED',
        'Too many wrong authenticator codes for this account; wait a quarter of an hour.',
      );
    const lastStep = account.totp_last_step === null ? null : Number(account.totp_last_step);
    const step = acceptTotp(masterKey, account.id, account.totp_secret_sealed, totpCode, lastStep);
    if (step === undefined || !(await claimTotpStep(db.pool, account.id, step)))
      throw new AppError('INVALID_CREDENTIALS');
    await giveBackAttempt(db.pool, codeSlot);
    return true;
  }

  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/v1/social/link',
      {
        config: { access: 'public', rateLimit: { max: 100, timeWindow: '1 minute' } },
        schema: {
          tags: ['social'],
          summary: 'Link a social identity to an existing account after proving it (password, and code when enrolled)',
          operationId: 'linkSocialIdentity',
          body: LinkBodySchema,
          response: { 200: TokensSchema, '4xx': ErrorBodySchema },
        },
      },
      async (request) => {
        const { body } = request;
        const ticket = await findTicket(db.pool, body.ticket, 'unlinked');
        if (ticket === undefined) throw socialRefused('TICKET_UNKNOWN');
        const email = normalisedEmail(body.email);
        const place = `ip:${request.ip}`;
        // The password sign-in's own budget: linking is no side door for guessing passwords.
        const slot = await reserveAttempt(db.pool, 'source', [email, request.ip], signInBudget);
        if (!slot.allowed)
          throw new AppError(
            'RATE_LIMITED',
            'Too many attempts for this account from this address; wait a quarter of an hour.',
          );
        const { rows } = await db.pool.query<AccountRow>(
          `SELECT id, profile, status, password_hash, totp_secret_sealed, totp_enabled_at, totp_last_step, delegated_actions
           FROM accounts WHERE email = $1`,
          [email],
        );
        const account = rows[0];
        const passwordOk = await verifyPassword(body.password, account?.password_hash ?? decoyHash);
        if (account === undefined || !passwordOk || account.status === 'suspended' || account.status === 'closed') {
          if (account !== undefined)
            await withTransaction(db.pool, (client) =>
              appendAudit(client, {
                actor: { accountId: account.id, label: 'social-link' },
                action: 'social.link_refused',
                subject: { type: 'account', id: account.id },
                place,
                detail: { why: passwordOk ? account.status : 'password', issuer: ticket.issuer },
              }),
            );
          throw new AppError('INVALID_CREDENTIALS');
        }
        if (!profilesAllowedSocially.has(account.profile)) throw socialRefused('ACCOUNT_NOT_ALLOWED');
        const secondFactor = await checkCode(account, body.totpCode, slot);
        await giveBackAttempt(db.pool, slot);
        return withTransaction(db.pool, async (client) => {
          if (!(await spendTicket(client, ticket.hash))) throw socialRefused('TICKET_UNKNOWN');
          await linkIdentity(client, ticket, account.id, place);
          return signInSocially(client, keyring, account, secondFactor, {
            place,
            issuer: ticket.issuer,
            userAgent: request.headers['user-agent'],
          });
        });
      },
    );

    app.post(
      '/v1/social/sign-up',
      {
        config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 hour' } },
        schema: {
          tags: ['social'],
          summary: 'Create a client or partner account for a social identity (pending until KYC approval)',
          operationId: 'socialSignUp',
          body: SignUpBodySchema,
          response: { 200: TokensSchema, '4xx': ErrorBodySchema },
        },
      },
      async (request) => {
        const { body } = request;
        const ticket = await findTicket(db.pool, body.ticket, 'unlinked');
        if (ticket === undefined) throw socialRefused('TICKET_UNKNOWN');
        const email = normalisedEmail(body.email);
        const passwordHash = await hashPassword(body.password);
        const place = `ip:${request.ip}`;
        return withTransaction(db.pool, async (client) => {
          if (!(await spendTicket(client, ticket.hash))) throw socialRefused('TICKET_UNKNOWN');
          const id = await insertSelfSignedUpAccount(
            client,
            { ...body, email, passwordHash },
            { place, detail: { method: 'social', issuer: ticket.issuer } },
          );
          // An email already in use is never linked on its own: the person links it with its password.
          if (id === null)
            throw new AppError('CONFLICT', 'An account already uses this email; link it with its password instead.');
          await linkIdentity(client, ticket, id, place);
          const account = { id, profile: body.profile, delegated_actions: null };
          return signInSocially(client, keyring, account, false, {
            place,
            issuer: ticket.issuer,
            userAgent: request.headers['user-agent'],
          });
        });
      },
    );
  };
}
