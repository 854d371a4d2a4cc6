/**
 * The clearance service a configuration enables: FNE for Côte d'Ivoire sellers when its URL
 * and key are set, e-MECeF for Bénin sellers when its URL and token are set; each country
 * without one keeps its invoices unsubmitted ("not required" here). The simulators'
 * lookups are used only when FNE_SIM_LOOKUPS / EMECEF_SIM_LOOKUPS say so: the real
 * authorities have none, and an uncertain answer then waits for a person.
 */
import type { CloudConfig } from '../../config.js';
import type { Database } from '../../platform/db/database.js';
import { ClearanceService, invoiceClearanceStore } from './clearance-service.js';
import type { ClearanceConnector } from './clearance/connector.js';
import { EmecefConnector, type EmecefJournal } from './clearance/emecef.js';
import { FneConnector } from './clearance/fne.js';

/** The e-MECeF journal in PostgreSQL: a uid written before confirm survives a crash. */
export function databaseEmecefJournal(db: Database): EmecefJournal {
  return {
    get: async (invoiceId) =>
      (await db.pool.query<{ uid: string }>('SELECT uid FROM emecef_journal WHERE invoice_id = $1', [invoiceId]))
        .rows[0]?.uid,
    put: async (invoiceId, uid) => {
      await db.pool.query(
        'INSERT INTO emecef_journal (invoice_id, uid) VALUES ($1, $2) ON CONFLICT (invoice_id) DO UPDATE SET uid = EXCLUDED.uid, written_at = now()',
        [invoiceId, uid],
      );
    },
  };
}

export function clearanceConnectorsFromConfig(config: CloudConfig, db: Database): Record<string, ClearanceConnector> {
  const connectors: Record<string, ClearanceConnector> = {};
  if (config.FNE_API_URL !== undefined && config.FNE_API_KEY !== undefined) {
    connectors.CI = new FneConnector(
      {
        baseUrl: config.FNE_API_URL.replace(/\/$/, ''),
        apiKey: config.FNE_API_KEY,
        pointOfSale: config.FNE_POINT_OF_SALE,
        establishment: config.FNE_ESTABLISHMENT,
        // FNE wants a client name, phone and e-mail even for a walk-in customer.
        walkInClient: { name: 'Client comptant', phone: '0700000000', email: 'client-comptant@ismail.ci' },
      },
      { originals: invoiceClearanceStore(db, 'fne'), lookups: config.FNE_SIM_LOOKUPS },
    );
  }
  if (config.EMECEF_API_URL !== undefined && config.EMECEF_TOKEN !== undefined) {
    connectors.BJ = new EmecefConnector(
      {
        baseUrl: config.EMECEF_API_URL.replace(/\/$/, ''),
        token: config.EMECEF_TOKEN,
        operatorName: config.EMECEF_OPERATOR_NAME,
      },
      { journal: databaseEmecefJournal(db), lookups: config.EMECEF_SIM_LOOKUPS },
    );
  }
  return connectors;
}

export function clearanceFromConfig(config: CloudConfig, db: Database, now?: () => Date): ClearanceService | null {
  const connectors = clearanceConnectorsFromConfig(config, db);
  return Object.keys(connectors).length === 0 ? null : new ClearanceService(db, connectors, now);
}
