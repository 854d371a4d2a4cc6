/** Clearance with the tax authorities: the connector interface, FNE, e-MECeF, and certifyOnce. */
export {
  rejected,
  uncertain,
  type ClearanceConnector,
  type ClearanceInvoice,
  type ClearanceLine,
  type ClearanceOutcome,
  type ClearanceStore,
} from './connector.js';
export { certifyOnce, memoryClearanceStore } from './certify-once.js';
export { FneConnector, type FneConfig, type FneConnectorOptions } from './fne.js';
export { defaultFneTaxCodes, type FneTaxCode } from './fne-request.js';
export {
  EmecefConnector,
  emecefDateTimeToIso,
  memoryEmecefJournal,
  type EmecefConfig,
  type EmecefConnectorOptions,
  type EmecefJournal,
} from './emecef.js';
export { defaultEmecefTaxGroups, type EmecefTaxGroup } from './emecef-request.js';
