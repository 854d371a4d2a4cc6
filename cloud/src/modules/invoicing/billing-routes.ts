/**
 * The partner's invoicing screens' own routes (issue 23): issuing a draft paid in full (the cloud computes the
 * amount), sending an issued invoice by e-mail and the fees that apply to the partner. The invoices themselves
 * (draft, issue, credit note, exports) are routes.ts's.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.js';
import type { DeliveryChannel } from '../notifications/channel.js';
import { billingEmailRoutes } from './billing-email.js';
import { billingFeesRoutes } from './billing-fees.js';
import { billingIssueRoutes } from './billing-issue.js';

export function billingRoutes(db: Database, publicUrl: string, email: DeliveryChannel | undefined) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(billingEmailRoutes(db, publicUrl, email));
    await app.register(billingFeesRoutes(db));
    await app.register(billingIssueRoutes(db));
  };
}
