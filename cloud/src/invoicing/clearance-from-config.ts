/** The clearance service a configuration enables: FNE for Côte d'Ivoire sellers when its URL and key are set. */
import type { CloudConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { ClearanceService, invoiceClearanceStore } from './clearance-service.js';
import { FneConnector } from './clearance/fne.js';

export function clearanceFromConfig(config: CloudConfig, db: Database): ClearanceService | null {
  if (config.FNE_API_URL === undefined || config.FNE_API_KEY === undefined) return null;
  const fne = new FneConnector(
    {
      baseUrl: config.FNE_API_URL.replace(/\/$/, ''),
      apiKey: config.FNE_API_KEY,
      pointOfSale: config.FNE_POINT_OF_SALE,
      establishment: config.FNE_ESTABLISHMENT,
      // FNE wants a client name, phone and e-mail even for a walk-in customer.
      walkInClient: { name: 'Client comptant', phone: '0700000000', email: 'client-comptant@ismail.ci' },
    },
    { originals: invoiceClearanceStore(db, 'fne') },
  );
  return new ClearanceService(db, { CI: fne });
}
