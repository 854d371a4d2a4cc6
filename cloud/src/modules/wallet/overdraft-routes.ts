/**
 * Recouvrement's debt files: admins (wallet administration, second factor) and the operator
 * CLI read them; nobody edits one by hand: a file moves only through ledger operations
 * (opened by an overdraft, paid down from the wallet).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { DebtFiles } from './overdraft-files.js';
import { Uuid } from '../../platform/http/schemas.js';

const inspect = { resource: 'wallet_admin', action: 'read', needsSecondFactor: true } as const;
const ListQuery = Type.Object(
  { status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('settled')])), debtor: Type.Optional(Uuid), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  { additionalProperties: false },
);

export function debtRoutes(debts: DebtFiles) {
  return async (app: FastifyInstance): Promise<void> => {
    const list = async (request: { query: unknown }) => {
      const q = request.query as { status?: 'open' | 'settled'; debtor?: string; limit?: number };
      return { debtFiles: await debts.list({ status: q.status, debtorAccountId: q.debtor, limit: q.limit }) };
    };
    app.get('/v1/admin/debt-files', { config: { access: inspect }, schema: { tags: ['debts'], summary: 'Debt files (overdrafts to recover), newest first', operationId: 'listDebtFiles', querystring: ListQuery } }, list);
    app.get(
      '/v1/admin/debt-files/:id',
      { config: { access: inspect }, schema: { tags: ['debts'], summary: 'A debt file with its full history', operationId: 'getDebtFile', params: Type.Object({ id: Uuid }) } },
      async (request) => debts.get((request.params as { id: string }).id),
    );
    app.get(
      '/v1/operator/debt-files',
      {
        config: { access: 'operator' },
        schema: { tags: ['operator'], summary: 'Debt files (operator CLI)', operationId: 'operatorListDebtFiles', querystring: ListQuery },
      },
      list,
    );
  };
}
