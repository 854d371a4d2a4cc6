/** Who acts in the commerce routes: the caller's acting owner, and partners for merchant actions. */
import type { FastifyRequest } from 'fastify';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { actingOwner } from './owner.js';

/** The account the caller acts for (staff act for their partner). */
export const ownerOf = (db: Database, request: FastifyRequest): Promise<string> =>
  actingOwner(db, principalOf(request).principal);

/** The acting owner, if it is a partner: catalogs, stock and bookable units are partners' own. */
export async function partnerOf(db: Database, request: FastifyRequest, refusal: string): Promise<string> {
  const id = await ownerOf(db, request);
  const { rows } = await db.pool.query<{ profile: string }>('SELECT profile FROM accounts WHERE id = $1', [id]);
  if (rows[0]?.profile !== 'partner') throw new AppError('FORBIDDEN', refusal);
  return id;
}

export const idempotencyKeyOf = (request: FastifyRequest): string =>
  (request.headers as Record<string, string | undefined>)['idempotency-key'] ?? '';
