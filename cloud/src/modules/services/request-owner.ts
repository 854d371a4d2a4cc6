/** Who acts in the Services routes: the caller's acting owner, and providers for the provider-only actions. */
import type { FastifyRequest } from 'fastify';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { ownerOf } from '../identity/request-owner.js';

/** The acting owner, if it has a provider profile (active or not: a paused provider still finishes its jobs). */
export async function providerOf(db: Database, request: FastifyRequest): Promise<string> {
  const id = await ownerOf(db, request);
  const { rows } = await db.pool.query('SELECT 1 FROM service_providers WHERE account_id = $1', [id]);
  if (rows.length === 0)
    throw new AppError('FORBIDDEN', 'Réservé aux prestataires : créez d’abord votre profil de prestataire.');
  return id;
}
