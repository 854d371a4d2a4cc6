export * from './contact-policy.js';
export * from './holidays.js';
export * from './scenario.js';
export * from './kpis.js';
export * from './allocation.js';
