/**
 * Default tariffs and module commission rates (SPEC 3.5), as data. Super Admins edit them
 * with history and effective dates (the wallet issue's cloud side); these are the seeds.
 * Amounts in whole credits (ranges: the tariff table picks within them), rates in basis points.
 */

export const modules = ['services', 'shop', 'booking', 'real_estate', 'debt_collection'] as const;
export type Module = (typeof modules)[number];

/** Charges that are not a business module's (premium subscription) are the platform's own. */
export type ChargeModule = Module | 'platform';

export interface TariffRange {
  readonly module: ChargeModule;
  readonly minCredits: number;
  readonly maxCredits: number;
  readonly per: 'operation' | 'product_month' | 'listing_period' | 'notification' | 'month';
  /** 3% cashback applies to eligible charges only (SPEC 3.5): purchases, not listing fees. */
  readonly cashbackEligible: boolean;
}

export const defaultTariffs = {
  service_purchase: { module: 'services', minCredits: 5, maxCredits: 50, per: 'operation', cashbackEligible: true },
  product_listing: { module: 'shop', minCredits: 2, maxCredits: 2, per: 'product_month', cashbackEligible: false },
  shop_transaction: { module: 'shop', minCredits: 3, maxCredits: 10, per: 'operation', cashbackEligible: true },
  real_estate_listing: {
    module: 'real_estate',
    minCredits: 4,
    maxCredits: 4,
    per: 'listing_period',
    cashbackEligible: false,
  },
  hotel_booking: { module: 'booking', minCredits: 6, maxCredits: 25, per: 'operation', cashbackEligible: true },
  debt_reminder: {
    module: 'debt_collection',
    minCredits: 2,
    maxCredits: 2,
    per: 'notification',
    cashbackEligible: false,
  },
  premium_subscription: { module: 'platform', minCredits: 100, maxCredits: 400, per: 'month', cashbackEligible: false },
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

/** Cashback on eligible operations (SPEC 3.5): 3%. */
export const cashbackBp = 300;

/**
 * VAT by country, in basis points, included in credit charges (the platform's revenue is
 * taxable; the tax leg moves it to tax payable). Côte d'Ivoire: 18% (Code général des impôts).
 */
export const vatBpByCountry: Readonly<Record<string, number>> = { CI: 1800 };

/** The VAT part of a tax-inclusive amount, half-up: amount × vat / (1 + vat). */
export function includedTax(amountCentiCredits: number, vatBp: number): number {
  if (!Number.isSafeInteger(amountCentiCredits) || amountCentiCredits < 0)
    throw new RangeError('amount must be a non-negative safe integer');
  if (!Number.isSafeInteger(vatBp) || vatBp < 0) throw new RangeError('vatBp must be a non-negative safe integer');
  const denominator = 10_000 + vatBp;
  return Math.floor((amountCentiCredits * vatBp * 2 + denominator) / (2 * denominator));
}

/** Default credit rates (SPEC 3.1): CI 1 credit = 50 FCFA; the other XOF countries follow CI until set. */
export const defaultCreditRates: Readonly<Record<string, number>> = { CI: 50 };
