/**
 * The partner's operations routes (issue 23): its staff and their delegated permissions, its hubs with their sync
 * health, and registering a hub with a one-time pairing code. The partner comes from the session, never the body.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { partnerOf } from '../identity/request-owner.js';
import { partnerHubs, registerPartnerHub } from './partner-hubs.js';
import { assertStaffManager, changeStaffPermissions, listStaff } from './partner-staff.js';

const Delegable = Type.Union([
  Type.Literal('read'),
  Type.Literal('write'),
  Type.Literal('modify'),
  Type.Literal('delete'),
]);
const Nullable = {
  string: Type.Union([Type.String(), Type.Null()]),
  integer: Type.Union([Type.Integer(), Type.Null()]),
};

const StaffSchema = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
  delegatedActions: Type.Array(Type.String()),
  createdAt: Type.String(),
});

const HubSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('revoked')]),
  register: Type.String(),
  lastPushAt: Nullable.string,
  lastAppliedSeq: Type.Integer(),
  clockSkewMs: Nullable.integer,
  recentRejected: Type.Integer(),
  devices: Type.Integer(),
  pairingExpiresAt: Nullable.string,
  offlinePerTransactionCentiCredits: Type.Integer(),
  offlinePerWalletPerDayCentiCredits: Type.Integer(),
  offlinePerHubPerDayCentiCredits: Type.Integer(),
  cashTopUpPerDayXof: Type.Integer(),
});

export function partnerRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/accounts/:partnerId/staff',
      {
        config: { access: { resource: 'accounts', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: ['accounts'],
          summary: 'A partner’s staff still working, with their delegated permissions (the partner itself or admins)',
          operationId: 'listPartnerStaff',
          params: Type.Object({ partnerId: Uuid }),
          response: withErrors({ 200: Type.Object({ staff: Type.Array(StaffSchema) }) }),
        },
      },
      async (request) => {
        const { principal, scope } = principalOf(request);
        assertStaffManager(principal, scope, request.params.partnerId);
        return { staff: await listStaff(db, request.params.partnerId) };
      },
    );
    app.put(
      '/v1/accounts/:partnerId/staff/:staffId/permissions',
      {
        config: { access: { resource: 'accounts', action: 'modify', needsSecondFactor: false } },
        schema: {
          tags: ['accounts'],
          summary: 'Change a staff member’s delegated permissions (ends their sessions; audited)',
          operationId: 'setPartnerStaffPermissions',
          params: Type.Object({ partnerId: Uuid, staffId: Uuid }),
          body: Type.Object(
            { delegatedActions: Type.Array(Delegable, { minItems: 1, maxItems: 4, uniqueItems: true }) },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({
              id: Type.String(),
              delegatedActions: Type.Array(Type.String()),
              changed: Type.Boolean(),
            }),
          }),
        },
      },
      async (request) => {
        const { principal, scope } = principalOf(request);
        const { partnerId, staffId } = request.params;
        assertStaffManager(principal, scope, partnerId);
        const result = await changeStaffPermissions(db, {
          principal,
          ip: request.ip,
          partnerId,
          staffId,
          delegatedActions: request.body.delegatedActions,
        });
        // Committed: their tokens stop at once here (other processes within the gate's delay).
        if (result.changed) app.sessionGate.ended({ accountId: staffId, sessionIds: 'all' });
        return result;
      },
    );
    app.get(
      '/v1/partner/hubs',
      {
        config: { access: { resource: 'devices', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: ['devices'],
          summary: 'My hubs and their sync health as the cloud sees it',
          operationId: 'listPartnerHubs',
          response: withErrors({ 200: Type.Object({ hubs: Type.Array(HubSchema) }) }),
        },
      },
      async (request) => ({
        hubs: await partnerHubs(db, await partnerOf(db, request, 'Hubs belong to partners.')),
      }),
    );
    app.post(
      '/v1/partner/hubs',
      {
        config: { access: { resource: 'devices', action: 'write', needsSecondFactor: false } },
        schema: {
          tags: ['devices'],
          summary: 'Register a hub for myself: its one-time pairing code is shown once (24 h)',
          operationId: 'registerPartnerHub',
          body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 80 }) }, { additionalProperties: false }),
          response: withErrors({
            201: Type.Object({
              hubId: Type.String(),
              name: Type.String(),
              pairingCode: Type.String(),
              expiresAt: Type.String(),
            }),
          }),
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        // The partner itself registers its hubs; staff run the counters but do not add machines.
        if (principal.profile !== 'partner' || principal.delegatedActions !== undefined)
          throw new AppError('FORBIDDEN', 'Only the partner itself registers its hubs.');
        const name = request.body.name.trim();
        if (name.length === 0) throw new AppError('VALIDATION_FAILED', 'A hub needs a name.');
        return reply.status(201).send(await registerPartnerHub(db, principal.accountId, name));
      },
    );
  };
}
