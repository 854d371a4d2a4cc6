/**
 * From our invoice to e-MECeF's InvoiceRequestData (research 2.2): tax-inclusive whole-franc
 * unit prices, groups A–F, the original's code without dashes on a credit note.
 *
 * e-MECeF prices are integers and it rounds per tax group, while our totals round per
 * line. So every item sent has price × quantity equal to our line total, to the franc:
 * a discounted line of n units becomes at most two items (n − r at p, r at p + 1); a
 * fractional quantity whose amount is not whole is sent as 1 × the line total, the
 * quantity written in the name. The service's totals then equal ours exactly.
 *
 * Owns: the mapping only (pure).
 */
import { lineTotalXof, quantityMilli } from './amounts.js';
import { rejected, type ClearanceInvoice, type ClearanceLine } from './connector.js';
import { checkInvoice, type Mapped } from './fne-request.js';

export type EmecefTaxGroup = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

/** Rates the DGI's legend gives (research 2.5); `GET /api/info/taxGroups` is the runtime truth. */
export const emecefGroupRatesBp: Readonly<Record<EmecefTaxGroup, number>> = {
  A: 0,
  B: 1800,
  C: 0,
  D: 1800,
  E: 0,
  F: 0,
};

export const defaultEmecefTaxGroups: Readonly<Record<string, EmecefTaxGroup>> = {
  'BJ-A': 'A',
  'BJ-B': 'B',
  'BJ-C': 'C',
  'BJ-D': 'D',
  'BJ-E': 'E',
  'BJ-F': 'F',
};

const paymentTypes = {
  cash: 'ESPECES',
  mobile_money: 'MOBILEMONEY',
  card: 'CARTEBANCAIRE',
  transfer: 'VIREMENT',
  credit: 'CREDIT',
} as const;

export interface EmecefItem {
  readonly name: string;
  readonly price: number;
  readonly quantity: number;
  readonly taxGroup: EmecefTaxGroup;
  readonly originalPrice?: number;
  readonly priceModification?: string;
}

export interface EmecefInvoiceBody {
  readonly ifu: string;
  readonly type: 'FV' | 'FA';
  readonly reference?: string;
  readonly items: readonly EmecefItem[];
  readonly client?: { readonly ifu?: string; readonly name?: string; readonly contact?: string };
  readonly operator: { readonly name: string };
  readonly payment: readonly { readonly name: string; readonly amount: number }[];
}

const frenchNumber = (value: number): string => String(value).replace('.', ',');

/** The items for one line, each with price × quantity adding up to the line total exactly. */
export function emecefItems(line: ClearanceLine, group: EmecefTaxGroup): EmecefItem[] | undefined {
  const totalXof = lineTotalXof(line);
  const milli = quantityMilli(line.quantity);
  if (totalXof === undefined || milli === undefined) return undefined;
  const base = { name: line.label, taxGroup: group };
  if (line.discountXof === 0 && (milli * line.unitPriceXof) % 1000 === 0)
    return [{ ...base, price: line.unitPriceXof, quantity: line.quantity }];
  const modification =
    line.discountXof > 0
      ? { originalPrice: line.unitPriceXof, priceModification: `Remise ${String(line.discountXof)} F` }
      : {};
  if (milli % 1000 === 0) {
    const units = milli / 1000;
    const price = Math.floor(totalXof / units);
    const plusOne = totalXof - price * units;
    const items: EmecefItem[] = [];
    if (units - plusOne > 0) items.push({ ...base, ...modification, price, quantity: units - plusOne });
    if (plusOne > 0) items.push({ ...base, ...modification, price: price + 1, quantity: plusOne });
    return items;
  }
  const discount = line.discountXof > 0 ? `, remise ${String(line.discountXof)} F` : '';
  return [
    {
      ...base,
      name: `${line.label} (${frenchNumber(line.quantity)} × ${String(line.unitPriceXof)} F${discount})`,
      price: totalXof,
      quantity: 1,
    },
  ];
}

export interface EmecefMappingConfig {
  readonly operatorName: string;
  readonly taxGroups: Readonly<Record<string, EmecefTaxGroup>>;
}

export function emecefInvoiceBody(invoice: ClearanceInvoice, config: EmecefMappingConfig): Mapped<EmecefInvoiceBody> {
  const problem = checkInvoice(invoice);
  if (problem !== undefined) return { ok: false, outcome: problem };
  if (!/^\d{13}$/.test(invoice.seller.taxId))
    return { ok: false, outcome: rejected('INVALID_INVOICE', 'the seller IFU must be 13 digits') };
  let reference: string | undefined;
  if (invoice.kind === 'credit_note') {
    // The original's codeMECeFDGI without dashes: exactly 24 characters (research 2.2).
    reference = invoice.original?.authorityReference.replaceAll('-', '').toUpperCase();
    if (reference?.length !== 24)
      return {
        ok: false,
        outcome: rejected('INVALID_INVOICE', "a credit note needs the original's 24-character MECeF/DGI code"),
      };
  }
  const { buyer } = invoice;
  if (buyer.kind === 'B2B' && (buyer.taxId === undefined || buyer.taxId.trim().length === 0)) {
    return { ok: false, outcome: rejected('BUYER_TAX_ID_REQUIRED', 'a B2B invoice needs the buyer IFU') };
  }
  const items: EmecefItem[] = [];
  for (const line of invoice.lines) {
    const group = config.taxGroups[line.taxGroup];
    if (group === undefined)
      return { ok: false, outcome: rejected('TAX_GROUP_UNMAPPED', `tax group ${line.taxGroup} has no e-MECeF group`) };
    if (emecefGroupRatesBp[group] !== line.taxRateBp) {
      return {
        ok: false,
        outcome: rejected(
          'TAX_RATE_MISMATCH',
          `line "${line.label}": ${String(line.taxRateBp)} bp does not match e-MECeF group ${group}`,
        ),
      };
    }
    const lineItems = emecefItems(line, group);
    if (lineItems === undefined)
      return { ok: false, outcome: rejected('INVALID_INVOICE', `line "${line.label}" is not a sound line`) };
    items.push(...lineItems);
  }
  const contact = buyer.phone ?? buyer.email;
  const client = {
    ...(buyer.kind === 'B2B' && buyer.taxId !== undefined ? { ifu: buyer.taxId } : {}),
    ...(buyer.name === undefined ? {} : { name: buyer.name }),
    ...(contact === undefined ? {} : { contact }),
  };
  return {
    ok: true,
    value: {
      ifu: invoice.seller.taxId,
      type: invoice.kind === 'credit_note' ? 'FA' : 'FV',
      ...(reference === undefined ? {} : { reference }),
      items,
      ...(Object.keys(client).length === 0 ? {} : { client }),
      operator: { name: config.operatorName },
      payment: [{ name: paymentTypes[invoice.paymentMethod], amount: invoice.totals.totalXof }],
    },
  };
}

/** True when a pending request the service echoes is this body (our own, left by a crash). */
export function sameEmecefRequest(echo: unknown, body: EmecefInvoiceBody): boolean {
  if (typeof echo !== 'object' || echo === null) return false;
  const e = echo as Record<string, unknown>;
  const items = Array.isArray(e.items) ? (e.items as unknown[]) : [];
  const shape = (item: unknown): string => {
    const i = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    return JSON.stringify([
      i.name,
      i.price,
      i.quantity,
      typeof i.taxGroup === 'string' ? i.taxGroup.toUpperCase() : i.taxGroup,
    ]);
  };
  return (
    e.ifu === body.ifu &&
    e.type === body.type &&
    (typeof e.reference === 'string' ? e.reference.toUpperCase() : undefined) === body.reference &&
    JSON.stringify(items.map(shape)) === JSON.stringify(body.items.map(shape))
  );
}
