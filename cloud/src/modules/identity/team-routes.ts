/**
 * An agency chief's team (issue 23): the tree of their sales reps and each rep's partners, and attachment transfer
 * REQUESTS (the chief asks to move a partner from one of their reps to another; an admin with the second factor
 * approves, which moves the partner and writes the transfer history as the direct admin transfer does, or refuses
 * with a reason). Everything is audited; one open request per partner.
 */
import { randomUUID } from 'node:crypto';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, ErrorBodySchema } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid } from '../../platform/http/schemas.js';
import { adminActorOf } from './admin-routes.js';
import { decideTransferRequest, listTransferRequests, TransferRequestSchema } from './team-requests.js';

const errors: Record<string, TSchema> = { '4xx': ErrorBodySchema };
const Reason = Type.String({ minLength: 3, maxLength: 500 });
export const teamRepsMax = 200;
export const teamPartnersMax = 2000;

const Member = {
  id: Type.String(),
  name: Type.String(),
  ismailId: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
};
const TeamSchema = Type.Object({
  reps: Type.Array(
    Type.Object({ ...Member, partners: Type.Array(Type.Object(Member), { maxItems: teamPartnersMax }) }),
    { maxItems: teamRepsMax },
  ),
});

/** The chief's own account id: the team routes are theirs (scope "team"); others are refused. */
function chiefOf(request: FastifyRequest): { accountId: string; profile: string } {
  const { principal, scope } = principalOf(request);
  if (scope !== 'team') throw new AppError('FORBIDDEN', "L'équipe est celle d'un chef d'agence.");
  return principal;
}

interface MemberRow {
  id: string;
  name: string;
  ismailId: string | null;
  status: string;
  repId?: string;
}

export function teamRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/v1/team',
      {
        config: { access: { resource: 'hierarchy', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: ['accounts'],
          summary: "My team: my sales reps and each rep's partners",
          operationId: 'getMyTeam',
          response: { 200: TeamSchema, ...errors },
        },
      },
      async (request, reply) => {
        const chief = chiefOf(request);
        const reps = await db.pool.query<MemberRow>(
          `SELECT id, display_name AS name, ismail_id AS "ismailId", status FROM accounts
           WHERE supervisor_id = $1 AND profile = 'sales_rep' ORDER BY display_name, id LIMIT $2`,
          [chief.accountId, teamRepsMax],
        );
        const partners = await db.pool.query<MemberRow & { repId: string }>(
          `SELECT id, display_name AS name, ismail_id AS "ismailId", status, sales_rep_id AS "repId" FROM accounts
           WHERE profile = 'partner' AND staff_of IS NULL AND sales_rep_id = ANY($1::uuid[])
           ORDER BY display_name, id LIMIT $2`,
          [reps.rows.map((r) => r.id), teamPartnersMax],
        );
        const ids = [...reps.rows, ...partners.rows].map((r) => r.id);
        // SPEC 3.2: every read of someone's ISMAIL ID is audited (one entry per reading of the tree).
        if (ids.length > 0)
          await withTransaction(db.pool, (client) =>
            appendAudit(client, {
              actor: { accountId: chief.accountId, label: chief.profile },
              action: 'hierarchy.team_read',
              subject: { type: 'account', id: chief.accountId },
              place: `ip:${request.ip}`,
              detail: { accountIds: ids.slice(0, 500), count: ids.length },
            }),
          );
        reply.header('cache-control', 'no-store');
        return {
          reps: reps.rows.map((rep) => ({
            ...rep,
            partners: partners.rows
              .filter((p) => p.repId === rep.id)
              .map(({ id, name, ismailId, status }) => ({ id, name, ismailId, status })),
          })),
        };
      },
    );

    app.post(
      '/v1/team/transfer-requests',
      {
        config: { access: { resource: 'hierarchy', action: 'write', needsSecondFactor: false } },
        // Refused before the body is read: only a chief has a team to ask for.
        preValidation: async (request: FastifyRequest) => {
          chiefOf(request);
        },
        schema: {
          tags: ['accounts'],
          summary: 'Ask an admin to move one of my partners to another of my sales reps',
          operationId: 'requestPartnerTransfer',
          body: Type.Object({ partnerId: Uuid, toSalesRepId: Uuid, reason: Reason }, { additionalProperties: false }),
          response: { 201: TransferRequestSchema, ...errors },
        },
      },
      async (request, reply) => {
        const chief = chiefOf(request);
        const { partnerId, toSalesRepId, reason } = request.body;
        const id = randomUUID();
        await withTransaction(db.pool, async (client) => {
          const partner = await client.query<{ sales_rep_id: string }>(
            `SELECT p.sales_rep_id FROM accounts p JOIN accounts r ON r.id = p.sales_rep_id
             WHERE p.id = $1 AND p.profile = 'partner' AND p.staff_of IS NULL AND r.supervisor_id = $2 FOR UPDATE OF p`,
            [partnerId, chief.accountId],
          );
          const rep = await client.query(
            "SELECT 1 FROM accounts WHERE id = $1 AND profile = 'sales_rep' AND supervisor_id = $2",
            [toSalesRepId, chief.accountId],
          );
          const from = partner.rows[0]?.sales_rep_id;
          if (from === undefined || rep.rowCount !== 1)
            throw new AppError('NOT_FOUND', 'Partenaire ou commercial hors de votre équipe.');
          if (from === toSalesRepId) throw new AppError('CONFLICT', 'Le partenaire est déjà rattaché à ce commercial.');
          const inserted = await client.query(
            `INSERT INTO attachment_transfer_requests (id, partner_id, from_sales_rep_id, to_sales_rep_id, requested_by, reason)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (partner_id) WHERE state = 'pending' DO NOTHING`,
            [id, partnerId, from, toSalesRepId, chief.accountId, reason],
          );
          if (inserted.rowCount !== 1)
            throw new AppError('CONFLICT', 'Une demande de transfert est déjà en attente pour ce partenaire.');
          await appendAudit(client, {
            actor: { accountId: chief.accountId, label: chief.profile },
            action: 'hierarchy.transfer_requested',
            subject: { type: 'account', id: partnerId },
            place: `ip:${request.ip}`,
            detail: { requestId: id, before: { salesRepId: from }, after: { salesRepId: toSalesRepId }, reason },
          });
        });
        const [created] = await listTransferRequests(db.pool, { id });
        if (created === undefined) throw new Error('the transfer request just written is not found');
        return reply.status(201).send(created);
      },
    );

    app.get(
      '/v1/team/transfer-requests',
      {
        config: { access: { resource: 'hierarchy', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: ['accounts'],
          summary: 'Transfer requests: mine (agency chief) or all, open ones first (admins)',
          operationId: 'listPartnerTransferRequests',
          response: { 200: Type.Object({ requests: Type.Array(TransferRequestSchema, { maxItems: 100 }) }), ...errors },
        },
      },
      async (request, reply) => {
        const { principal, scope } = principalOf(request);
        if (scope !== 'team' && scope !== 'all')
          throw new AppError('FORBIDDEN', "Les demandes de transfert sont celles des chefs d'agence.");
        reply.header('cache-control', 'no-store');
        return {
          requests: await listTransferRequests(db.pool, scope === 'team' ? { requestedBy: principal.accountId } : {}),
        };
      },
    );

    app.post(
      '/v1/admin/transfer-requests/:requestId/decision',
      {
        config: { access: { resource: 'hierarchy', action: 'administer', needsSecondFactor: true } },
        schema: {
          tags: ['admin'],
          summary: "Approve (the partner moves) or refuse an agency chief's transfer request",
          operationId: 'decidePartnerTransferRequest',
          params: Type.Object({ requestId: Uuid }),
          body: Type.Object({ approve: Type.Boolean(), reason: Reason }, { additionalProperties: false }),
          response: { 200: TransferRequestSchema, ...errors },
        },
      },
      async (request) => {
        const { requestId } = request.params;
        await withTransaction(db.pool, (client) =>
          decideTransferRequest(client, requestId, request.body, adminActorOf(request)),
        );
        const [decided] = await listTransferRequests(db.pool, { id: requestId });
        return decided;
      },
    );
  };
}
