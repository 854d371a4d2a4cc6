/**
 * The admins' Hubs screen (issue 23): every hub with its partner, its pairing state and its last sync, and a
 * revocation that asks for the authenticator code given within the step-up window (the hubs module's own revoke
 * route, kept for the API, does not). Admins with the second factor only; the revocation is audited by the registry.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { revokeHub } from '../hubs/registry.js';
import { requireRecentSecondFactor } from './admin-step-up.js';

/** The registry lists at most this many hubs too. */
const hubsMax = 500;

const HubOverview = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: Type.String(),
  partner: Type.Object({ id: Type.String(), name: Type.String(), ismailId: Type.Union([Type.String(), Type.Null()]) }),
  pairing: Type.Union([Type.Literal('paired'), Type.Literal('code_open'), Type.Literal('code_expired')]),
  pairedAt: Type.Union([Type.String(), Type.Null()]),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
  lastAppliedSeq: Type.Integer(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

interface Row {
  id: string;
  name: string;
  status: string;
  partner_id: string;
  partner_name: string;
  partner_ismail_id: string | null;
  paired_at: Date | null;
  pairing_expires_at: Date | null;
  last_seen_at: Date | null;
  last_applied_seq: string;
  revoked_at: Date | null;
}

export function adminHubRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/admin/hubs/overview',
      {
        config: { access: { resource: 'hubs', action: 'read', needsSecondFactor: true } },
        schema: {
          tags: ['admin', 'hubs'],
          summary: 'Every hub with its partner, pairing state and last sync (revoked last)',
          operationId: 'adminHubOverview',
          response: withErrors({ 200: Type.Object({ hubs: Type.Array(HubOverview, { maxItems: hubsMax }) }) }),
        },
      },
      async (_request, reply) => {
        const { rows } = await db.pool.query<Row>(
          `SELECT h.id, h.name, h.status, p.id AS partner_id, p.display_name AS partner_name,
                  p.ismail_id AS partner_ismail_id, h.paired_at, h.pairing_expires_at, h.last_seen_at,
                  h.last_applied_seq, h.revoked_at
           FROM hubs h JOIN accounts p ON p.id = h.partner_id
           ORDER BY (h.status = 'revoked'), p.display_name, h.name LIMIT ${String(hubsMax)}`,
        );
        const now = Date.now();
        reply.header('cache-control', 'no-store');
        return {
          hubs: rows.map((r) => ({
            id: r.id,
            name: r.name,
            status: r.status,
            partner: { id: r.partner_id, name: r.partner_name, ismailId: r.partner_ismail_id },
            pairing:
              r.paired_at !== null
                ? ('paired' as const)
                : r.pairing_expires_at !== null && r.pairing_expires_at.getTime() > now
                  ? ('code_open' as const)
                  : ('code_expired' as const),
            pairedAt: r.paired_at?.toISOString() ?? null,
            lastSeenAt: r.last_seen_at?.toISOString() ?? null,
            lastAppliedSeq: Number(r.last_applied_seq),
            revokedAt: r.revoked_at?.toISOString() ?? null,
          })),
        };
      },
    );

    app.post(
      '/v1/admin/hubs/:hubId/revocation',
      {
        config: { access: { resource: 'hubs', action: 'administer', needsSecondFactor: true } },
        schema: {
          tags: ['admin', 'hubs'],
          summary: 'Revoke a hub (stolen, replaced) with a reason: its token stops at once (step-up, audited)',
          operationId: 'adminRevokeHub',
          params: Type.Object({ hubId: Uuid }),
          body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 300 }) }, { additionalProperties: false }),
          response: withErrors({ 200: Type.Object({ id: Type.String(), status: Type.String() }) }),
        },
      },
      async (request) => {
        await requireRecentSecondFactor(db.pool, request);
        const { principal } = principalOf(request);
        const hub = await revokeHub(db, request.params.hubId, principal.accountId, request.body.reason.trim());
        return { id: hub.id, status: hub.status };
      },
    );
  };
}
