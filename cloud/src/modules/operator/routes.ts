/**
 * /v1/operator: administration from the cloud's own machine with the operator token
 * (see http/operator-token; checked by the access plugin for every `access: 'operator'`
 * route). Each action is audited with the actor "operator". Invoice exports and archives: invoice-routes.ts.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import { AppError, ErrorBodySchema, parseIsmailId, profileKeys } from '@ismail/shared';
import { hashPassword } from '../identity/password.js';
import { verifyAuditChain } from '../../platform/audit/audit-log.js';
import { checkLedger } from '../wallet/ledger-check.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { CardService } from '../cards/cards.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { activateAccount, type Actor } from '../identity/accounts.js';
import type { Keyring } from '../../platform/keys/keyring.js';
import { approvedPhoto, type KycStore } from '../kyc/documents.js';
import { UuidSchema as Uuid } from '@ismail/shared';

const operator: Actor = { label: 'operator', place: 'cloud:operator' };
// Only the refusals are declared (the success answers have no schema), so the type provider types no success answer
// from them.
const errors: Record<string, TSchema> = { '4xx': ErrorBodySchema };

export function operatorRoutes(db: Database, keyring: Keyring, cards: CardService, documents: KycStore) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/operator/audit/verify',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: 'Verify the audit hash chain',
          operationId: 'verifyAudit',
          response: { ...errors },
        },
      },
      async () => verifyAuditChain(db.pool),
    );

    app.get(
      '/v1/operator/ledger/check',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: 'Verify every ledger invariant and show the totals',
          operationId: 'operatorLedgerCheck',
          response: { ...errors },
        },
      },
      async () => checkLedger(db),
    );

    app.get(
      '/v1/operator/accounts',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: 'List accounts',
          operationId: 'operatorListAccounts',
          querystring: Type.Object(
            { limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) },
            { additionalProperties: false },
          ),
          response: { ...errors },
        },
      },
      async (request) => {
        const { limit } = request.query;
        const { rows } = await db.pool.query(
          'SELECT id, profile, display_name AS "displayName", email, status, ismail_id AS "ismailId" FROM accounts ORDER BY profile, email LIMIT $1',
          [limit],
        );
        return { accounts: rows };
      },
    );

    app.post(
      '/v1/operator/accounts',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: 'Create an account (pending until KYC approval or activation)',
          operationId: 'createAccount',
          body: Type.Object(
            {
              profile: Type.Union(profileKeys.map((k) => Type.Literal(k))),
              email: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' }),
              firstName: Type.String({ minLength: 1, maxLength: 100 }),
              lastName: Type.String({ minLength: 1, maxLength: 100 }),
              password: Type.String({ minLength: 10, maxLength: 200 }),
              country: Type.String({ pattern: '^[A-Z]{2}$', default: 'CI' }),
            },
            { additionalProperties: false },
          ),
          response: { ...errors },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const id = randomUUID();
        const passwordHash = await hashPassword(body.password);
        await withTransaction(db.pool, async (client) => {
          await client.query(
            'INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, country) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
            [
              id,
              body.profile,
              `${body.firstName} ${body.lastName}`,
              body.firstName,
              body.lastName,
              body.email.toLowerCase(),
              passwordHash,
              body.country,
            ],
          );
          await appendAudit(client, {
            actor: { label: operator.label },
            action: 'account.created',
            subject: { type: 'account', id },
            place: operator.place,
            detail: { profile: body.profile, email: body.email.toLowerCase() },
          });
        });
        return reply.status(201).send({ id, profile: body.profile, status: 'pending' });
      },
    );

    app.post(
      '/v1/operator/accounts/:accountId/activate',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: 'Activate an account: assign its ISMAIL ID',
          operationId: 'activateAccount',
          params: Type.Object({ accountId: Uuid }),
          response: { ...errors },
        },
      },
      async (request) => {
        const { accountId } = request.params;
        return { ismailId: await withTransaction(db.pool, (client) => activateAccount(client, accountId, operator)) };
      },
    );

    app.post(
      '/v1/operator/accounts/:accountId/cards',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: 'Issue (or renew) the professional card',
          operationId: 'issueCard',
          params: Type.Object({ accountId: Uuid }),
          response: { ...errors },
        },
      },
      async (request, reply) => {
        const { accountId } = request.params;
        const issued = await withTransaction(db.pool, (client) => cards.issue(client, accountId, operator));
        return reply
          .status(201)
          .send({ cardId: issued.cardId, token: issued.token, expiresAt: issued.expiresAt.toISOString() });
      },
    );

    app.post(
      '/v1/operator/cards/:cardId/:change',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: 'Suspend, reinstate or revoke a card',
          operationId: 'changeCardState',
          params: Type.Object({
            cardId: Uuid,
            change: Type.Union([Type.Literal('suspend'), Type.Literal('reinstate'), Type.Literal('revoke')]),
          }),
          body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false }),
          response: { ...errors },
        },
      },
      async (request) => {
        const { cardId, change } = request.params;
        const { reason } = request.body;
        await withTransaction(db.pool, (client) => cards.changeState(client, cardId, change, operator, reason));
        return { cardId, change, done: true };
      },
    );

    app.get(
      '/v1/operator/cards/by-ismail-id/:ismailId',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: 'The card in force for an ISMAIL ID (for export)',
          operationId: 'getCardByIsmailId',
          params: Type.Object({ ismailId: Type.String({ maxLength: 64 }) }),
          response: { ...errors },
        },
      },
      async (request) => {
        const parsed = parseIsmailId(request.params.ismailId);
        if (!parsed.ok) throw new AppError('VALIDATION_FAILED', parsed.problem);
        const { rows } = await db.pool.query<Record<string, unknown>>(
          `SELECT c.id AS "cardId", c.token, c.state, c.issued_at AS "issuedAt", c.expires_at AS "expiresAt",
                  a.id AS "accountId", a.first_name AS "firstName", a.last_name AS "lastName", a.profile, a.status, a.ismail_id AS "ismailId"
           FROM cards c JOIN accounts a ON a.id = c.account_id
           WHERE c.ismail_id = $1 AND c.state IN ('active', 'suspended')`,
          [parsed.id],
        );
        const card = rows[0];
        if (card === undefined) throw new AppError('NOT_FOUND', `No card in force for ${parsed.id}.`);
        await withTransaction(db.pool, (client) =>
          appendAudit(client, {
            actor: { label: operator.label },
            action: 'card.read',
            subject: { type: 'card', id: String(card.cardId) },
            place: operator.place,
            detail: { ismailId: parsed.id },
          }),
        );
        const photo = await approvedPhoto(db.pool, documents, String(card.accountId));
        return { ...card, photoBase64: photo?.toString('base64') ?? null };
      },
    );

    app.post(
      '/v1/operator/keys/:purpose/rotate',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: 'Rotate a signing key (the old one stays published until its tokens expire)',
          operationId: 'rotateKey',
          params: Type.Object({ purpose: Type.Union([Type.Literal('card'), Type.Literal('access')]) }),
          response: { ...errors },
        },
      },
      async (request) => {
        const { purpose } = request.params;
        return withTransaction(db.pool, async (client) => {
          const rotated = await keyring.rotate(client, purpose);
          await appendAudit(client, {
            actor: { label: operator.label },
            action: 'key.rotated',
            subject: { type: 'signing_key', id: rotated.activeKid },
            place: operator.place,
            detail: { purpose, retiredKid: rotated.retiredKid ?? null },
          });
          return rotated;
        });
      },
    );
  };
}
