/**
 * The ledger check from the admins' screen (issue 23): ask for a run (a background job, ledger-check-runs.ts) and read
 * the one on its way and the last result. Admins with the second factor only (wallet_admin); the request is audited.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { withErrors } from '../../platform/http/schemas.js';
import { adminActorOf } from '../identity/admin-routes.js';
import { ledgerCheckStatus, requestLedgerCheck } from './ledger-check-runs.js';

const Run = Type.Object({
  id: Type.String(),
  state: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  requestedAt: Type.String(),
  requestedBy: Type.Object({ id: Type.String(), name: Type.String() }),
  startedAt: Type.Union([Type.String(), Type.Null()]),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  ok: Type.Union([Type.Boolean(), Type.Null()]),
  problems: Type.Array(Type.String(), { maxItems: 50 }),
  totals: Type.Union([
    Type.Object({ accounts: Type.Integer(), operations: Type.Integer(), sumOfBalances: Type.Integer() }),
    Type.Null(),
  ]),
  failure: Type.Union([Type.String(), Type.Null()]),
});

export function ledgerCheckRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/admin/ledger/checks',
      {
        config: { access: { resource: 'wallet_admin', action: 'administer', needsSecondFactor: true } },
        schema: {
          tags: ['admin', 'wallet'],
          summary: 'Ask for a ledger check, run in the background (the one on its way if there is one)',
          operationId: 'adminRequestLedgerCheck',
          response: withErrors({ 202: Run }),
        },
      },
      async (request, reply) => reply.status(202).send(await requestLedgerCheck(db, adminActorOf(request))),
    );
    app.get(
      '/v1/admin/ledger/checks/latest',
      {
        config: { access: { resource: 'wallet_admin', action: 'read', needsSecondFactor: true } },
        schema: {
          tags: ['admin', 'wallet'],
          summary: 'The ledger check on its way, if any, and the last result',
          operationId: 'adminLedgerCheckStatus',
          response: withErrors({
            200: Type.Object({ pending: Type.Union([Run, Type.Null()]), last: Type.Union([Run, Type.Null()]) }),
          }),
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'no-store');
        return ledgerCheckStatus(db.pool);
      },
    );
  };
}
