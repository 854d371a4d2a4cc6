/** Who acts in the provider-only Services routes: partners (and their staff), whose provider profile is theirs. */
import type { FastifyRequest } from 'fastify';
import type { Database } from '../../platform/db/database.js';
import { partnerOf } from '../identity/request-owner.js';

/**
 * The acting owner if it is a partner: only partners offer services. A partner without a provider profile is let
 * through and simply finds nothing (an empty inbox, an unknown request).
 */
export function providerOf(db: Database, request: FastifyRequest): Promise<string> {
  return partnerOf(db, request, 'Réservé aux prestataires (comptes partenaires).');
}
