/**
 * What every wallet write route shares: who acts for which wallet (staff act for their partner, everyone else for
 * themselves), the idempotency key scoped to that wallet, and how an operation's outcome is answered (a replay
 * answers 200 with the first result and `idempotent-replayed: true`).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { actingOwner } from '../identity/owner.js';
import type { LedgerOutcome } from './ledger-types.js';
import type { WriteContext } from './operations.js';

export const walletRead = { resource: 'wallet', action: 'read', needsSecondFactor: false } as const;
export const walletWrite = { resource: 'wallet', action: 'write', needsSecondFactor: false } as const;

export function sendOperation(reply: FastifyReply, outcome: LedgerOutcome): FastifyReply {
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(outcome.replayed ? 200 : 201).send({ ...outcome.result, replayed: outcome.replayed });
}

export async function walletWriteContext(
  db: Database,
  request: FastifyRequest,
): Promise<{ owner: string; ctx: WriteContext }> {
  const { principal } = principalOf(request);
  const owner = await actingOwner(db, principal);
  const key = (request.headers as Record<string, string | undefined>)['idempotency-key'] ?? '';
  // Keys are scoped to the wallet owner: two staff of one partner share its key space.
  return {
    owner,
    ctx: { actor: { accountId: principal.accountId, label: principal.profile }, scope: owner, idempotencyKey: key },
  };
}
