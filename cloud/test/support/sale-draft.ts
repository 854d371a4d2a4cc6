/**
 * The one-line cash sale the clearance and hub-invoice suites issue, by the two demo shops: Boutique
 * Awa in Abidjan (FNE, Côte d'Ivoire) at its Cocody counter, and Boutique Cotonou (e-MECeF, Benin).
 * Each suite names only what its case is about: the article, its price, the seller's tax id.
 */
import { computeTotals, type InvoiceDraft } from '@ismail/shared';

export interface SaleLine {
  readonly label: string;
  readonly quantityMilli: number;
  readonly unitPriceXof: number;
  readonly taxGroup: string;
}

/** Boutique Awa SARL, its counter 'Caisse 1' in the Cocody establishment. */
export function awaSeller(taxId: string): InvoiceDraft['seller'] {
  return {
    legalName: 'Boutique Awa SARL',
    taxId,
    taxRegime: 'RSI',
    address: 'Cocody, Abidjan',
    country: 'CI',
    pointOfSale: 'Caisse 1',
    establishment: 'Cocody',
  };
}

/** Boutique Cotonou SARL, under the normal regime. */
export function cotonouSeller(ifu: string): InvoiceDraft['seller'] {
  return { legalName: 'Boutique Cotonou SARL', taxId: ifu, taxRegime: 'RN', address: 'Ganhi, Cotonou', country: 'BJ' };
}

/** A tax-included invoice for `line`, paid in cash to the last franc. */
export function cashSale(
  seller: InvoiceDraft['seller'],
  line: SaleLine,
  buyer: InvoiceDraft['buyer'] = { kind: 'B2C' },
): InvoiceDraft {
  const lines = [{ ...line, discountXof: 0 }];
  return {
    kind: 'invoice',
    currency: 'XOF',
    priceMode: 'tax_included',
    seller,
    buyer,
    lines,
    payments: [{ method: 'cash', amountXof: computeTotals({ lines, priceMode: 'tax_included' }).grossXof }],
  };
}
