/**
 * The hub's local API (issue 21): request and response schemas per area, one file each. The
 * hub's routes declare them (typed handlers, serialisation, its OpenAPI document); the counter
 * app and the operator CLI read the same types instead of declaring their own.
 */
export * from './common.js';
export * from './cash.js';
export * from './devices.js';
export * from './maintenance.js';
export * from './printing.js';
export * from './sales.js';
export * from './scanning.js';
export * from './staff.js';
export * from './sync.js';
export * from './terminals.js';
export * from './customers.js';
export * from './health-report.js';
