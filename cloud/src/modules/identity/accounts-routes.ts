/**
 * Accounts as their owners and their hierarchy see them: the caller's own account, the
 * accounts in the caller's scope (see identity/visibility), a card for someone in scope
 * (a sensitive read, audited), and partner staff with delegated permissions.
 * An account outside the scope answers 404: its existence is not confirmed.
 */
import { randomUUID } from 'node:crypto';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, actions, canDelegate, ErrorBodySchema, rbacMatrix, type Principal } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { hashPassword } from './password.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { visibleAccountsCondition } from './visibility.js';
import { UuidSchema as Uuid } from '@ismail/shared';

const accountColumns = `a.id, a.profile, a.display_name AS "displayName", a.status, a.ismail_id AS "ismailId",
  a.sales_rep_id AS "salesRepId", a.supervisor_id AS "supervisorId", a.staff_of AS "staffOf"`;
// Only the refusals are declared (the success answers have no schema), so the type provider types no success answer
// from them.
const errors: Record<string, TSchema> = { '4xx': ErrorBodySchema };

export function accountRoutes(db: Database) {
  const audited = (
    ip: string,
    principal: Principal,
    action: string,
    subjectId: string,
    detail: Record<string, unknown>,
  ) =>
    withTransaction(db.pool, (client) =>
      appendAudit(client, {
        actor: { accountId: principal.accountId, label: principal.profile },
        action,
        subject: { type: 'account', id: subjectId },
        place: `ip:${ip}`,
        detail,
      }),
    );
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/me',
      {
        config: { access: { resource: 'accounts', action: 'read', needsSecondFactor: false } },
        schema: { tags: ['accounts'], summary: 'The signed-in account', operationId: 'getMe', response: errors },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const { rows } = await db.pool.query(
          `SELECT ${accountColumns}, a.email, a.totp_enabled_at IS NOT NULL AS "secondFactorEnrolled" FROM accounts a WHERE a.id = $1`,
          [principal.accountId],
        );
        return { ...rows[0], sessionHasSecondFactor: principal.secondFactor };
      },
    );

    app.get(
      '/v1/accounts',
      {
        config: { access: { resource: 'accounts', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: ['accounts'],
          summary: 'Accounts in your scope',
          operationId: 'listAccounts',
          querystring: Type.Object(
            { limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) },
            { additionalProperties: false },
          ),
          response: errors,
        },
      },
      async (request) => {
        const { principal, scope } = principalOf(request);
        const { limit } = request.query;
        const { rows } = await db.pool.query<{ id: string }>(
          `SELECT ${accountColumns} FROM accounts a WHERE ${visibleAccountsCondition(scope, principal, '$1')} ORDER BY a.profile, a.id LIMIT $2`,
          [principal.accountId, limit],
        );
        const others = rows.filter((r) => r.id !== principal.accountId).map((r) => r.id);
        // SPEC 3.2: every read of someone's ISMAIL ID is audited (one entry per listing).
        if (others.length > 0)
          await audited(request.ip, principal, 'account.listed', 'account_list', { accountIds: others });
        return { accounts: rows };
      },
    );

    app.get(
      '/v1/accounts/:accountId',
      {
        config: { access: { resource: 'accounts', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: ['accounts'],
          summary: 'One account in your scope',
          operationId: 'getAccount',
          params: Type.Object({ accountId: Uuid }),
          response: errors,
        },
      },
      async (request) => {
        const { principal, scope } = principalOf(request);
        const { accountId } = request.params;
        const { rows } = await db.pool.query(
          `SELECT ${accountColumns} FROM accounts a WHERE a.id = $2 AND ${visibleAccountsCondition(scope, principal, '$1')}`,
          [principal.accountId, accountId],
        );
        if (rows[0] === undefined) throw new AppError('NOT_FOUND', 'No such account in your scope.');
        if (accountId !== principal.accountId) await audited(request.ip, principal, 'account.read', accountId, {});
        return rows[0];
      },
    );

    app.get(
      '/v1/accounts/:accountId/card',
      {
        config: { access: { resource: 'cards', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: ['cards'],
          summary: 'The card in force of an account in your scope (audited)',
          operationId: 'getAccountCard',
          params: Type.Object({ accountId: Uuid }),
          response: errors,
        },
      },
      async (request) => {
        const { principal, scope } = principalOf(request);
        const { accountId } = request.params;
        const { rows } = await db.pool.query<{ cardId: string }>(
          `SELECT c.id AS "cardId", c.token, c.state, c.expires_at AS "expiresAt", a.ismail_id AS "ismailId"
           FROM cards c JOIN accounts a ON a.id = c.account_id
           WHERE a.id = $2 AND c.state IN ('active', 'suspended') AND ${visibleAccountsCondition(scope, principal, '$1')}`,
          [principal.accountId, accountId],
        );
        const card = rows[0];
        if (card === undefined) throw new AppError('NOT_FOUND', 'No card in force for an account in your scope.');
        await withTransaction(db.pool, (c) =>
          appendAudit(c, {
            actor: { accountId: principal.accountId, label: principal.profile },
            action: 'card.read',
            subject: { type: 'card', id: card.cardId },
            place: `ip:${request.ip}`,
            detail: { accountId },
          }),
        );
        return card;
      },
    );

    app.post(
      '/v1/accounts/:partnerId/staff',
      {
        config: { access: { resource: 'accounts', action: 'write', needsSecondFactor: false } },
        schema: {
          tags: ['accounts'],
          summary: 'Add a counter operator to a partner, with delegated permissions',
          operationId: 'addPartnerStaff',
          params: Type.Object({ partnerId: Uuid }),
          body: Type.Object(
            {
              email: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' }),
              firstName: Type.String({ minLength: 1, maxLength: 100 }),
              lastName: Type.String({ minLength: 1, maxLength: 100 }),
              password: Type.String({ minLength: 10, maxLength: 200 }),
              delegatedActions: Type.Array(
                Type.Union([
                  Type.Literal('read'),
                  Type.Literal('write'),
                  Type.Literal('modify'),
                  Type.Literal('delete'),
                ]),
                { minItems: 1, maxItems: 4, uniqueItems: true },
              ),
            },
            { additionalProperties: false },
          ),
          response: errors,
        },
      },
      async (request, reply) => {
        const { principal, scope } = principalOf(request);
        const { partnerId } = request.params;
        const body = request.body;
        const ownPartner =
          principal.profile === 'partner' &&
          principal.delegatedActions === undefined &&
          principal.accountId === partnerId;
        if (scope !== 'all' && !ownPartner)
          throw new AppError('FORBIDDEN', 'Only the partner itself (or an admin) adds its staff.');
        const partnerActions = actions.filter((a) => rbacMatrix.partner[a] !== undefined);
        if (!canDelegate(partnerActions, body.delegatedActions))
          throw new AppError('FORBIDDEN', 'A partner delegates only permissions it holds.');
        const id = randomUUID();
        const passwordHash = await hashPassword(body.password);
        await withTransaction(db.pool, async (client) => {
          const partner = await client.query(
            "SELECT 1 FROM accounts WHERE id = $1 AND profile = 'partner' AND staff_of IS NULL",
            [partnerId],
          );
          if (partner.rowCount !== 1) throw new AppError('NOT_FOUND', 'No such partner.');
          await client.query(
            `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, staff_of, delegated_actions, status)
             VALUES ($1, 'partner', $2, $3, $4, $5, $6, $7, $8, 'active')`,
            [
              id,
              `${body.firstName} ${body.lastName}`,
              body.firstName,
              body.lastName,
              body.email.toLowerCase(),
              passwordHash,
              partnerId,
              body.delegatedActions,
            ],
          );
          await appendAudit(client, {
            actor: { accountId: principal.accountId, label: principal.profile },
            action: 'account.staff_added',
            subject: { type: 'account', id },
            place: `ip:${request.ip}`,
            detail: { partnerId, delegatedActions: body.delegatedActions },
          });
        });
        return reply.status(201).send({ id, staffOf: partnerId, delegatedActions: body.delegatedActions });
      },
    );

    // A cashier who leaves: suspended, signed out of the cloud, and dropped from the hubs' signed
    // policies, so the counters end their sessions and forget their cached password at the next pull.
    app.delete(
      '/v1/accounts/:partnerId/staff/:staffId',
      {
        config: { access: { resource: 'accounts', action: 'delete', needsSecondFactor: false } },
        schema: {
          tags: ['accounts'],
          summary: 'Remove a counter operator from a partner (suspends the account and ends its sessions)',
          operationId: 'removePartnerStaff',
          params: Type.Object({ partnerId: Uuid, staffId: Uuid }),
          response: errors,
        },
      },
      async (request) => {
        const { principal, scope } = principalOf(request);
        const { partnerId, staffId } = request.params;
        const ownPartner =
          principal.profile === 'partner' &&
          principal.delegatedActions === undefined &&
          principal.accountId === partnerId;
        // Someone else's staff is "not found", not "forbidden": it says nothing about who works where.
        if (scope !== 'all' && !ownPartner) throw new AppError('NOT_FOUND', 'No such staff member.');
        const suspended = await withTransaction(db.pool, async (client) => {
          const { rowCount } = await client.query(
            "UPDATE accounts SET status = 'suspended' WHERE id = $1 AND staff_of = $2 AND status <> 'suspended'",
            [staffId, partnerId],
          );
          if (rowCount !== 1) {
            const existing = await client.query('SELECT 1 FROM accounts WHERE id = $1 AND staff_of = $2', [
              staffId,
              partnerId,
            ]);
            if (existing.rowCount !== 1) throw new AppError('NOT_FOUND', 'No such staff member.');
            return false;
          }
          await client.query(
            "UPDATE sessions SET revoked_at = now(), revoke_reason = 'staff removed' WHERE account_id = $1 AND revoked_at IS NULL",
            [staffId],
          );
          await appendAudit(client, {
            actor: { accountId: principal.accountId, label: principal.profile },
            action: 'account.staff_removed',
            subject: { type: 'account', id: staffId },
            place: `ip:${request.ip}`,
            detail: { partnerId },
          });
          return true;
        });
        // Committed: their tokens stop at once in this process (others within the gate's 30 s), their screens close.
        if (suspended) app.sessionGate.ended({ accountId: staffId, sessionIds: 'all' });
        return { id: staffId, staffOf: partnerId, status: 'suspended' };
      },
    );
  };
}
