export * from './lease-law.js';
export * from './listings.js';
export * from './rent.js';
