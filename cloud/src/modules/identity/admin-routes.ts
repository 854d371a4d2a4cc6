/**
 * Admin routes for signed-in administrators with the second factor (SPEC 3.3, 3.4, 3.15):
 * partner attachment transfers (with history), audit verification and key rotation. Each is
 * audited with the admin as actor. (Card lifecycle: cards/admin-routes.ts; the queue of
 * uncertain invoice clearances: invoicing/clearance-admin-routes.ts.)
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, ErrorBodySchema } from '@ismail/shared';
import { appendAudit, verifyAuditChain } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import type { Keyring } from '../../platform/keys/keyring.js';

import { Uuid } from '../../platform/http/schemas.js';
import { requireRecentSecondFactor } from '../operator/admin-step-up.js';
// Only the refusals are declared (the success answers have no schema), so the type provider types no success answer
// from them.
const errors: Record<string, TSchema> = { '4xx': ErrorBodySchema };

/** The admin as the audit's actor. */
export const adminActorOf = (request: Parameters<typeof principalOf>[0] & { ip: string }) => {
  const { principal } = principalOf(request);
  return { accountId: principal.accountId, label: principal.profile, place: `ip:${request.ip}` };
};

export function adminRoutes(db: Database, keyring: Keyring) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/v1/admin/partners/:partnerId/transfer',
      {
        config: { access: { resource: 'hierarchy', action: 'administer', needsSecondFactor: true } },
        schema: {
          tags: ['admin'],
          summary: 'Move a partner to another sales rep (admin-validated, kept in history)',
          operationId: 'transferPartner',
          params: Type.Object({ partnerId: Uuid }),
          body: Type.Object(
            { toSalesRepId: Uuid, reason: Type.String({ minLength: 3, maxLength: 500 }) },
            { additionalProperties: false },
          ),
          response: errors,
        },
      },
      async (request) => {
        const { partnerId } = request.params;
        const { toSalesRepId, reason } = request.body;
        const actor = adminActorOf(request);
        return withTransaction(db.pool, async (client) => {
          const partner = await client.query<{ sales_rep_id: string | null }>(
            "SELECT sales_rep_id FROM accounts WHERE id = $1 AND profile = 'partner' AND staff_of IS NULL FOR UPDATE",
            [partnerId],
          );
          const rep = await client.query("SELECT 1 FROM accounts WHERE id = $1 AND profile = 'sales_rep'", [
            toSalesRepId,
          ]);
          if (partner.rows[0] === undefined || rep.rowCount !== 1)
            throw new AppError('NOT_FOUND', 'No such partner or sales rep.');
          const from = partner.rows[0].sales_rep_id;
          if (from === toSalesRepId)
            throw new AppError('CONFLICT', 'The partner is already attached to this sales rep.');
          await client.query('UPDATE accounts SET sales_rep_id = $2 WHERE id = $1', [partnerId, toSalesRepId]);
          await client.query(
            'INSERT INTO attachment_transfers (partner_id, from_sales_rep_id, to_sales_rep_id, reason, approved_by) VALUES ($1, $2, $3, $4, $5)',
            [partnerId, from, toSalesRepId, reason, actor.accountId],
          );
          await appendAudit(client, {
            actor,
            action: 'hierarchy.partner_transferred',
            subject: { type: 'account', id: partnerId },
            place: actor.place,
            detail: { before: { salesRepId: from }, after: { salesRepId: toSalesRepId }, reason },
          });
          return { partnerId, fromSalesRepId: from, toSalesRepId };
        });
      },
    );

    app.get(
      '/v1/admin/audit/verify',
      {
        config: { access: { resource: 'audit', action: 'read', needsSecondFactor: true } },
        schema: {
          tags: ['admin'],
          summary: 'Verify the audit hash chain',
          operationId: 'adminVerifyAudit',
          response: errors,
        },
      },
      async () => verifyAuditChain(db.pool),
    );

    app.post(
      '/v1/admin/keys/:purpose/rotate',
      {
        config: { access: { resource: 'keys', action: 'administer', needsSecondFactor: true } },
        schema: {
          tags: ['admin'],
          summary: 'Rotate a signing key',
          operationId: 'adminRotateKey',
          params: Type.Object({ purpose: Type.Union([Type.Literal('card'), Type.Literal('access')]) }),
          response: errors,
        },
      },
      async (request) => {
        const { purpose } = request.params;
        await requireRecentSecondFactor(db.pool, request);
        const actor = adminActorOf(request);
        return withTransaction(db.pool, async (client) => {
          const rotated = await keyring.rotate(client, purpose);
          await appendAudit(client, {
            actor,
            action: 'key.rotated',
            subject: { type: 'signing_key', id: rotated.activeKid },
            place: actor.place,
            detail: { purpose, retiredKid: rotated.retiredKid ?? null },
          });
          return rotated;
        });
      },
    );
  };
}
