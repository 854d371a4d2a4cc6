/**
 * The FNE (DGI Côte d'Ivoire) sale/purchase request as the "Procédure d'interfaçage des
 * entreprises par API" (May 2025) describes it (research 1.5): field validation with the
 * platform's 400 messages, and the totals the platform computes from HT unit prices.
 *
 * Owns: the request rules and the totals rule. Must stay pure (no I/O, no clock).
 */
import { isRecord } from '../payments/http.js';
import { taxItemsMax, taxTextMaxChars } from './limits.js';

export type FneInvoiceType = 'sale' | 'purchase';
export type FnePaymentMethod = 'cash' | 'card' | 'check' | 'mobile-money' | 'transfer' | 'deferred';
export type FneTemplate = 'B2B' | 'B2C' | 'B2F' | 'B2G';
/** TVA 18 %, TVAB 9 %, TVAC 0 % conventional exemption, TVAD 0 % legal exemption. The
 * test platform also takes an undocumented TVAE (research 1.5, [VERIFY]); refused here. */
export type FneTaxCode = 'TVA' | 'TVAB' | 'TVAC' | 'TVAD';

export const fneTaxRatesPercent: Readonly<Record<FneTaxCode, number>> = { TVA: 18, TVAB: 9, TVAC: 0, TVAD: 0 };
const paymentMethods: readonly FnePaymentMethod[] = ['cash', 'card', 'check', 'mobile-money', 'transfer', 'deferred'];
const templates: readonly FneTemplate[] = ['B2B', 'B2C', 'B2F', 'B2G'];
const currencies = ['XOF', 'USD', 'EUR', 'JPY', 'CAD', 'GBP', 'AUD', 'CNH', 'CHF', 'HKD', 'NZD'];

export interface FneCustomTax {
  readonly name: string;
  /** A percentage of the line's HT amount. */
  readonly amount: number;
}

export interface FneItemRequest {
  readonly taxes: readonly FneTaxCode[];
  readonly customTaxes: readonly FneCustomTax[];
  readonly reference: string | null;
  readonly description: string;
  readonly quantity: number;
  /** Unit price HT (tax excluded); decimals allowed. */
  readonly amount: number;
  /** Percent off the line. */
  readonly discount: number;
  readonly measurementUnit: string | null;
}

export interface FneSaleRequest {
  readonly invoiceType: FneInvoiceType;
  readonly paymentMethod: FnePaymentMethod;
  readonly template: FneTemplate;
  readonly isRne: boolean;
  readonly rne: string | null;
  readonly clientNcc: string | null;
  readonly clientCompanyName: string;
  readonly clientPhone: string;
  readonly clientEmail: string;
  readonly clientSellerName: string | null;
  readonly pointOfSale: string;
  readonly establishment: string;
  readonly commercialMessage: string | null;
  readonly footer: string | null;
  readonly foreignCurrency: string | null;
  readonly foreignCurrencyRate: number | null;
  /** Percent off the whole invoice HT. */
  readonly discount: number;
  readonly items: readonly FneItemRequest[];
}

export interface FneParseError {
  readonly ok: false;
  readonly message: string;
  readonly errors: Readonly<Record<string, string>>;
}
export type FneParseResult = { ok: true; value: FneSaleRequest } | FneParseError;

const fail = (field: string, message: string): FneParseError => ({ ok: false, message, errors: { [field]: message } });
const text = (value: unknown): value is string =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= taxTextMaxChars;
const optionalText = (value: unknown): value is string | undefined | null =>
  value === undefined || value === null || (typeof value === 'string' && value.length <= taxTextMaxChars);
const percent = (value: unknown): value is number | undefined =>
  value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100);
const orNull = (value: string | undefined | null): string | null =>
  value === undefined || value === null || value.length === 0 ? null : value;

function parseItem(
  raw: unknown,
  index: number,
  invoiceType: FneInvoiceType,
): { ok: true; value: FneItemRequest } | FneParseError {
  const at = `items[${String(index)}]`;
  if (!isRecord(raw)) return fail(at, `${at} must be an object`);
  const { taxes, customTaxes, reference, description, quantity, amount, discount, measurementUnit } = raw;
  if (!text(description)) return fail(`${at}.description`, `${at}.description is required`);
  if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity <= 0)
    return fail(`${at}.quantity`, `${at}.quantity must be a positive number`);
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0)
    return fail(`${at}.amount`, `${at}.amount must be a number ≥ 0`);
  if (!percent(discount)) return fail(`${at}.discount`, `${at}.discount must be a percentage from 0 to 100`);
  if (!optionalText(reference) || !optionalText(measurementUnit))
    return fail(at, `${at}.reference and ${at}.measurementUnit must be strings`);
  let codes: FneTaxCode[] = [];
  if (invoiceType === 'sale') {
    // Exactly one code per line (research 1.5).
    if (
      !Array.isArray(taxes) ||
      taxes.length !== 1 ||
      typeof taxes[0] !== 'string' ||
      !(taxes[0] in fneTaxRatesPercent)
    ) {
      return fail(`${at}.taxes`, `${at}.taxes must hold exactly one of TVA, TVAB, TVAC, TVAD`);
    }
    codes = [taxes[0] as FneTaxCode];
  } else if (taxes !== undefined && !(Array.isArray(taxes) && taxes.length === 0)) {
    return fail(`${at}.taxes`, `${at}.taxes must be empty on a purchase slip`);
  }
  const custom: FneCustomTax[] = [];
  if (customTaxes !== undefined) {
    if (!Array.isArray(customTaxes) || customTaxes.length > 10)
      return fail(`${at}.customTaxes`, `${at}.customTaxes must be an array of at most 10 taxes`);
    for (const tax of customTaxes as unknown[]) {
      if (!isRecord(tax) || !text(tax.name) || !percent(tax.amount) || tax.amount === undefined)
        return fail(`${at}.customTaxes`, `${at}.customTaxes entries must be {name, amount (percent)}`);
      custom.push({ name: tax.name, amount: tax.amount });
    }
  }
  return {
    ok: true,
    value: {
      taxes: codes,
      customTaxes: custom,
      reference: orNull(reference),
      description,
      quantity,
      amount,
      discount: discount ?? 0,
      measurementUnit: orNull(measurementUnit),
    },
  };
}

/** Validates a sign request; `pointsOfSale` (when given) are those that exist in the FNE space. */
export function parseFneSale(body: unknown, pointsOfSale: readonly string[] | undefined): FneParseResult {
  if (!isRecord(body) || Object.keys(body).length === 0) return fail('body', 'The request body is empty');
  const b = body;
  if (b.invoiceType !== 'sale' && b.invoiceType !== 'purchase')
    return fail('invoiceType', 'invoiceType must be one of sale, purchase');
  const invoiceType: FneInvoiceType = b.invoiceType;
  if (!paymentMethods.includes(b.paymentMethod as FnePaymentMethod))
    return fail('paymentMethod', `paymentMethod must be one of ${paymentMethods.join(', ')}`);
  if (!templates.includes(b.template as FneTemplate))
    return fail('template', `template must be one of ${templates.join(', ')}`);
  const template = b.template as FneTemplate;
  if (b.isRne !== undefined && typeof b.isRne !== 'boolean') return fail('isRne', 'isRne must be a boolean');
  const isRne = b.isRne === true;
  const rne = b.rne;
  if (isRne && !text(rne)) return fail('rne', 'rne is required when isRne is true');
  // The platform does not check the NCC's format at submission (research 1.5), only its presence for B2B.
  if (template === 'B2B' && !text(b.clientNcc)) return fail('clientNcc', 'clientNcc is required for a B2B invoice');
  const clientNcc = b.clientNcc;
  if (!optionalText(clientNcc)) return fail('clientNcc', 'clientNcc must be a string');
  if (!text(b.clientCompanyName)) return fail('clientCompanyName', 'clientCompanyName is required');
  // The documentation says integer; the real platform wants a string (research 1.5).
  if (!text(b.clientPhone)) return fail('clientPhone', 'clientPhone must be a non-empty string');
  if (!text(b.clientEmail)) return fail('clientEmail', 'clientEmail is required');
  if (!text(b.pointOfSale)) return fail('pointOfSale', 'pointOfSale is required');
  if (pointsOfSale !== undefined && !pointsOfSale.includes(b.pointOfSale))
    return fail('pointOfSale', 'Point of sale is invalid');
  if (!text(b.establishment)) return fail('establishment', 'establishment is required');
  const { clientSellerName, commercialMessage, footer } = b;
  if (!optionalText(clientSellerName))
    return fail(
      'clientSellerName',
      `clientSellerName must be a string of at most ${String(taxTextMaxChars)} characters`,
    );
  if (!optionalText(commercialMessage))
    return fail(
      'commercialMessage',
      `commercialMessage must be a string of at most ${String(taxTextMaxChars)} characters`,
    );
  if (!optionalText(footer))
    return fail('footer', `footer must be a string of at most ${String(taxTextMaxChars)} characters`);
  let foreignCurrency: string | null = null;
  let foreignCurrencyRate: number | null = null;
  if (template === 'B2F' || b.foreignCurrency !== undefined) {
    if (typeof b.foreignCurrency !== 'string' || !currencies.includes(b.foreignCurrency))
      return fail('foreignCurrency', `foreignCurrency must be one of ${currencies.join(', ')}`);
    if (typeof b.foreignCurrencyRate !== 'number' || !(b.foreignCurrencyRate > 0))
      return fail('foreignCurrencyRate', 'foreignCurrencyRate must be a positive number');
    foreignCurrency = b.foreignCurrency;
    foreignCurrencyRate = b.foreignCurrencyRate;
  }
  if (!percent(b.discount)) return fail('discount', 'discount must be a percentage from 0 to 100');
  if (!Array.isArray(b.items) || b.items.length === 0) return fail('items', 'items must hold at least one item');
  if (b.items.length > taxItemsMax) return fail('items', `items must hold at most ${String(taxItemsMax)} items`);
  const items: FneItemRequest[] = [];
  for (const [index, raw] of (b.items as unknown[]).entries()) {
    const item = parseItem(raw, index, invoiceType);
    if (!item.ok) return item;
    items.push(item.value);
  }
  return {
    ok: true,
    value: {
      invoiceType,
      paymentMethod: b.paymentMethod as FnePaymentMethod,
      template,
      isRne,
      rne: isRne && typeof rne === 'string' ? rne : null,
      clientNcc: orNull(clientNcc),
      clientCompanyName: b.clientCompanyName,
      clientPhone: b.clientPhone,
      clientEmail: b.clientEmail,
      clientSellerName: orNull(clientSellerName),
      pointOfSale: b.pointOfSale,
      establishment: b.establishment,
      commercialMessage: orNull(commercialMessage),
      footer: orNull(footer),
      foreignCurrency,
      foreignCurrencyRate,
      discount: b.discount ?? 0,
      items,
    },
  };
}

export interface FneTotals {
  /** Total HT, francs. */
  readonly netXof: number;
  readonly vatXof: number;
  /** Custom taxes (e.g. AIRSI), francs. */
  readonly otherTaxesXof: number;
  /** Total TTC: HT + VAT + other taxes. */
  readonly totalXof: number;
}

/** Half-up to the franc, after cleaning binary noise (0.5 stored as 0.49999999). */
const roundXof = (value: number): number => Math.round(Math.round(value * 1e6) / 1e6);

export interface FneTotalsLine {
  readonly quantity: number;
  readonly amount: number;
  readonly discount: number;
  readonly taxes: readonly FneTaxCode[];
  readonly customTaxes: readonly FneCustomTax[];
}

/**
 * The platform's totals as this simulator computes them (the DGI does not publish its rule,
 * so this is an assumption consistent with the observed 6 932 HT + 1 068 TVA = 8 000 TTC):
 * line HT = quantity × unit HT × (1 − line %) × (1 − invoice %), kept exact; per tax code,
 * HT rounded half-up to the franc and VAT = round(HT × rate).
 */
export function fneTotals(items: readonly FneTotalsLine[], invoiceDiscountPercent: number): FneTotals {
  const netByCode = new Map<string, { net: number; ratePercent: number }>();
  let other = 0;
  for (const item of items) {
    const net = item.quantity * item.amount * (1 - item.discount / 100) * (1 - invoiceDiscountPercent / 100);
    const code = item.taxes[0] ?? 'NONE';
    const entry = netByCode.get(code) ?? {
      net: 0,
      ratePercent: item.taxes[0] === undefined ? 0 : fneTaxRatesPercent[item.taxes[0]],
    };
    entry.net += net;
    netByCode.set(code, entry);
    for (const tax of item.customTaxes) other += (net * tax.amount) / 100;
  }
  let netXof = 0;
  let vatXof = 0;
  for (const { net, ratePercent } of netByCode.values()) {
    const roundedNet = roundXof(net);
    netXof += roundedNet;
    vatXof += roundXof((roundedNet * ratePercent) / 100);
  }
  const otherTaxesXof = roundXof(other);
  return { netXof, vatXof, otherTaxesXof, totalXof: netXof + vatXof + otherTaxesXof };
}
