/**
 * Recouvrement's debt files: admins (wallet administration, second factor) and the operator
 * CLI read them; nobody edits one by hand: a file moves only through ledger operations
 * (opened by an overdraft, paid down from the wallet).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DebtFiles } from './overdraft-files.js';
import { Uuid } from '../../platform/http/schemas.js';

const inspect = { resource: 'wallet_admin', action: 'read', needsSecondFactor: true } as const;
const ListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('settled')])),
    debtor: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

export function debtRoutes(debts: DebtFiles) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const list = async (request: { query: Static<typeof ListQuery> }) => {
      const q = request.query;
      return { debtFiles: await debts.list({ status: q.status, debtorAccountId: q.debtor, limit: q.limit }) };
    };
    app.get(
      '/v1/admin/debt-files',
      {
        config: { access: inspect },
        schema: {
          tags: ['debts'],
          summary: 'Debt files (overdrafts to recover), newest first',
          operationId: 'listDebtFiles',
          querystring: ListQuery,
        },
      },
      list,
    );
    app.get(
      '/v1/admin/debt-files/:id',
      {
        config: { access: inspect },
        schema: {
          tags: ['debts'],
          summary: 'A debt file with its full history',
          operationId: 'getDebtFile',
          params: Type.Object({ id: Uuid }),
        },
      },
      async (request) => debts.get(request.params.id),
    );
    app.get(
      '/v1/operator/debt-files',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: 'Debt files (operator CLI)',
          operationId: 'operatorListDebtFiles',
          querystring: ListQuery,
        },
      },
      list,
    );
  };
}
