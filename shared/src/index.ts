/**
 * @ismail/shared: the domain kernel. Pure TypeScript, no I/O: cloud, hub, drivers,
 * renderer and simulators all import from here. Every export is a contract.
 */
export * from './config/env.js';
export * from './errors/catalog.js';
export * from './health/schema.js';
export * from './identity/profiles.js';
export * from './limits.js';
export * from './money/xof.js';
export * from './http/error-response.js';
export * from './printing/printer-config.js';
export * from './printing/ticket.js';
export * from './scanning/classify.js';
export * from './scanning/wedge.js';
export * from './scanning/scanner-config.js';
export * from './http/server-options.js';
export * from './http/hub-request-signature.js';
export * from './identity/ismail-id.js';
export * from './cards/credential.js';
export * from './cards/revocation-list.js';
export * from './identity/permissions.js';
export type { JWK, JSONWebKeySet } from 'jose';
export * from './money/credits.js';
export * from './wallet/tariffs.js';
export * from './wallet/commissions.js';
export * from './notifications/events.js';
export * from './notifications/templates.js';
export * from './notifications/sms-segments.js';
export * from './invoicing/tax-groups.js';
export * from './invoicing/invoice.js';
export * from './invoicing/totals.js';
export * from './invoicing/validation.js';
export * from './invoicing/credit-note.js';
export * from './invoicing/layout.js';
export * from './printing/escpos.js';
export * from './printing/ticket-layout.js';
export * from './printing/test-page.js';
export * from './printing/top-up-receipt.js';
export * from './printing/print-status.js';
export * from './commerce/booking-rules.js';
export * from './sync/protocol.js';
export * from './sync/hub-policy.js';
export * from './sync/hub-staff.js';
export * from './sync/offline-totp.js';
export * from './sync/z-report.js';
export * from './text/control-characters.js';
export * from './text/display-text.js';
export * from './text/search-key.js';
