/**
 * Default tariffs and module commission rates (SPEC 3.5), as data. Super Admins edit them
 * with history and effective dates (the wallet issue's cloud side); these are the seeds.
 * Amounts in whole credits (ranges: the tariff table picks within them), rates in basis points.
 */

export const modules = ['services', 'shop', 'booking', 'real_estate', 'debt_collection'] as const;
export type Module = (typeof modules)[number];

export interface TariffRange {
  readonly minCredits: number;
  readonly maxCredits: number;
  readonly per: 'operation' | 'product_month' | 'listing_period' | 'notification' | 'month';
}

export const defaultTariffs = {
  service_purchase: { minCredits: 5, maxCredits: 50, per: 'operation' },
  product_listing: { minCredits: 2, maxCredits: 2, per: 'product_month' },
  shop_transaction: { minCredits: 3, maxCredits: 10, per: 'operation' },
  real_estate_listing: { minCredits: 4, maxCredits: 4, per: 'listing_period' },
  hotel_booking: { minCredits: 6, maxCredits: 25, per: 'operation' },
  debt_reminder: { minCredits: 2, maxCredits: 2, per: 'notification' },
  premium_subscription: { minCredits: 100, maxCredits: 400, per: 'month' },
} as const satisfies Record<string, TariffRange>;

export interface ModuleCommission {
  /** Platform revenue on each transaction of the module. */
  readonly rateBp: number;
  /** A fixed fee per listing, in francs (Shop, Real estate). */
  readonly perListingXof: number;
}

export const defaultModuleCommissions: Readonly<Record<Module, ModuleCommission>> = {
  services: { rateBp: 700, perListingXof: 0 },
  shop: { rateBp: 600, perListingXof: 100 },
  booking: { rateBp: 800, perListingXof: 0 },
  real_estate: { rateBp: 400, perListingXof: 200 },
  // On amounts recovered.
  debt_collection: { rateBp: 500, perListingXof: 0 },
};
