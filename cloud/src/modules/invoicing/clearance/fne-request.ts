/**
 * From our invoice to the FNE sign request (research 1.5): HT unit prices, one tax code per
 * line, the B2C walk-in client the platform still insists on, and our invoice id written
 * in `commercialMessage`, the one free field the platform keeps and prints, so the
 * invoice can be found again in the FNE space after an unknown outcome.
 *
 * Owns: the mapping only (pure). Must never send a line whose tax rate disagrees with the
 * code it maps to.
 */
import { lineTotalXof } from './amounts.js';
import { rejected, type ClearanceInvoice, type ClearanceLine, type ClearanceOutcome } from './connector.js';
import { uuidPattern as uuidPatternLower } from '@ismail/shared';

export type FneTaxCode = 'TVA' | 'TVAB' | 'TVAC' | 'TVAD';

/** The rate each FNE code stands for, in basis points. */
export const fneCodeRatesBp: Readonly<Record<FneTaxCode, number>> = { TVA: 1800, TVAB: 900, TVAC: 0, TVAD: 0 };

/**
 * Our groups → FNE codes. 'CI-EXO' (an exemption without its kind) is taken as the legal
 * exemption TVAD: a conventional exemption (TVAC) comes from an agreement with the State
 * and is named CI-EXO-CONV.
 */
export const defaultFneTaxCodes: Readonly<Record<string, FneTaxCode>> = {
  'CI-TVA-18': 'TVA',
  'CI-TVA-9': 'TVAB',
  'CI-EXO-CONV': 'TVAC',
  'CI-EXO-LEG': 'TVAD',
  'CI-EXO': 'TVAD',
};

const paymentMethods = {
  cash: 'cash',
  mobile_money: 'mobile-money',
  card: 'card',
  transfer: 'transfer',
  credit: 'deferred',
} as const;

export interface FneMappingConfig {
  readonly pointOfSale: string;
  readonly establishment: string;
  readonly walkInClient: { readonly name: string; readonly phone: string; readonly email: string };
  readonly taxCodes: Readonly<Record<string, FneTaxCode>>;
}

export interface FneItem {
  readonly taxes: readonly [FneTaxCode];
  readonly description: string;
  readonly quantity: number;
  /** Unit price HT, 4 decimals. */
  readonly amount: number;
}

export type Mapped<T> = { ok: true; value: T } | { ok: false; outcome: ClearanceOutcome };

const uuidPattern = new RegExp(uuidPatternLower.source, 'i');

export function fneTaxCode(line: ClearanceLine, taxCodes: Readonly<Record<string, FneTaxCode>>): Mapped<FneTaxCode> {
  const code = taxCodes[line.taxGroup];
  if (code === undefined)
    return { ok: false, outcome: rejected('TAX_GROUP_UNMAPPED', `tax group ${line.taxGroup} has no FNE code`) };
  if (fneCodeRatesBp[code] !== line.taxRateBp) {
    return {
      ok: false,
      outcome: rejected(
        'TAX_RATE_MISMATCH',
        `line "${line.label}": ${String(line.taxRateBp)} bp does not match FNE ${code} (${String(fneCodeRatesBp[code])} bp)`,
      ),
    };
  }
  return { ok: true, value: code };
}

/**
 * One FNE item per line. The line's discount is folded into the unit price (FNE takes a
 * percentage, which cannot carry a franc amount exactly): amount = line TTC ÷ (1 + rate) ÷
 * quantity, to 4 decimals, so the platform's HT comes back to the franc.
 */
export function fneItem(line: ClearanceLine, taxCodes: Readonly<Record<string, FneTaxCode>>): Mapped<FneItem> {
  const code = fneTaxCode(line, taxCodes);
  if (!code.ok) return code;
  const totalXof = lineTotalXof(line);
  if (totalXof === undefined || line.label.trim().length === 0)
    return { ok: false, outcome: rejected('INVALID_INVOICE', `line "${line.label}" is not a sound line`) };
  const amount = Math.round(((totalXof * 10_000) / (10_000 + line.taxRateBp) / line.quantity) * 10_000) / 10_000;
  return { ok: true, value: { taxes: [code.value], description: line.label, quantity: line.quantity, amount } };
}

/** Checks shared by both kinds: a uuid we can find again, sound lines adding up to the total. */
export function checkInvoice(invoice: ClearanceInvoice): ClearanceOutcome | undefined {
  if (!uuidPattern.test(invoice.invoiceId)) return rejected('INVALID_INVOICE', 'invoiceId must be a uuid');
  if (invoice.lines.length === 0) return rejected('INVALID_INVOICE', 'an invoice needs at least one line');
  let sum = 0;
  for (const line of invoice.lines) {
    const total = lineTotalXof(line);
    if (total === undefined) return rejected('INVALID_INVOICE', `line "${line.label}" is not a sound line`);
    sum += total;
  }
  if (sum !== invoice.totals.totalXof)
    return rejected(
      'INVALID_INVOICE',
      `the lines add up to ${String(sum)} F, the invoice says ${String(invoice.totals.totalXof)} F`,
    );
  return undefined;
}

/** The text that carries our invoice id; the lookup searches for the id inside it. */
export const fneCommercialMessage = (invoice: Pick<ClearanceInvoice, 'number' | 'invoiceId'>): string =>
  `Réf. ${invoice.number} · ${invoice.invoiceId}`;

export function fneSaleBody(invoice: ClearanceInvoice, config: FneMappingConfig): Mapped<Record<string, unknown>> {
  const problem = checkInvoice(invoice);
  if (problem !== undefined) return { ok: false, outcome: problem };
  const { buyer } = invoice;
  if (buyer.kind === 'B2B' && (buyer.taxId === undefined || buyer.taxId.trim().length === 0)) {
    return { ok: false, outcome: rejected('BUYER_TAX_ID_REQUIRED', 'a B2B invoice needs the buyer NCC') };
  }
  const items: FneItem[] = [];
  for (const line of invoice.lines) {
    const item = fneItem(line, config.taxCodes);
    if (!item.ok) return item;
    items.push(item.value);
  }
  return {
    ok: true,
    value: {
      invoiceType: 'sale',
      paymentMethod: paymentMethods[invoice.paymentMethod],
      template: buyer.kind,
      isRne: false,
      ...(buyer.kind === 'B2B' ? { clientNcc: buyer.taxId } : {}),
      // B2C still needs a name, phone and e-mail on the real platform (research 1.5).
      clientCompanyName: buyer.name ?? config.walkInClient.name,
      clientPhone: buyer.phone ?? config.walkInClient.phone,
      clientEmail: buyer.email ?? config.walkInClient.email,
      pointOfSale: invoice.seller.pointOfSale ?? config.pointOfSale,
      establishment: invoice.seller.establishment ?? config.establishment,
      commercialMessage: fneCommercialMessage(invoice),
      items,
    },
  };
}

/** The original invoice as FNE returned it: its id and its items' ids (research 9.3: keep them). */
export interface FneOriginal {
  readonly id: string;
  readonly reference: string | null;
  readonly items: readonly {
    readonly id: string;
    readonly description: string;
    readonly quantity: number;
    readonly taxes: readonly string[];
  }[];
}

/** Reads `{ invoice: { id, items: [...] } }` (the sign answer, or a lookup entry). */
export function fneOriginalFrom(raw: unknown): FneOriginal | undefined {
  if (typeof raw !== 'object' || raw === null || !('invoice' in raw)) return undefined;
  const invoice: unknown = raw.invoice;
  if (typeof invoice !== 'object' || invoice === null || !('id' in invoice) || !('items' in invoice)) return undefined;
  if (typeof invoice.id !== 'string' || !Array.isArray(invoice.items)) return undefined;
  const items: FneOriginal['items'][number][] = [];
  for (const item of invoice.items as unknown[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { id, description, quantity, taxes } = item as Record<string, unknown>;
    if (typeof id !== 'string' || typeof description !== 'string' || typeof quantity !== 'number') return undefined;
    items.push({
      id,
      description,
      quantity,
      taxes: Array.isArray(taxes) ? taxes.filter((t): t is string => typeof t === 'string') : [],
    });
  }
  const reference = 'reference' in invoice && typeof invoice.reference === 'string' ? invoice.reference : null;
  return { id: invoice.id, reference, items };
}

export interface FneRefundItem {
  readonly id: string;
  readonly quantity: number;
}

/**
 * A credit note can only give quantities back on the original's lines (research 1.5): each
 * of our lines is matched to an original item with the same description and tax code and
 * enough quantity left. FNE prices the credit note from the original, not from our line.
 */
export function fneRefundItems(
  invoice: ClearanceInvoice,
  original: FneOriginal,
  taxCodes: Readonly<Record<string, FneTaxCode>>,
): Mapped<FneRefundItem[]> {
  const left = new Map(original.items.map((item) => [item.id, item.quantity]));
  const wanted = new Map<string, number>();
  for (const line of invoice.lines) {
    const code = fneTaxCode(line, taxCodes);
    if (!code.ok) return code;
    const match = original.items.find(
      (item) =>
        item.description === line.label &&
        item.taxes.includes(code.value) &&
        (left.get(item.id) ?? 0) + 1e-9 >= line.quantity,
    );
    if (match === undefined) {
      return {
        ok: false,
        outcome: rejected(
          'FNE_CREDIT_LINE_UNMATCHED',
          `line "${line.label}" × ${String(line.quantity)} matches no line left on the original`,
        ),
      };
    }
    left.set(match.id, (left.get(match.id) ?? 0) - line.quantity);
    wanted.set(match.id, Math.round(((wanted.get(match.id) ?? 0) + line.quantity) * 1000) / 1000);
  }
  return { ok: true, value: Array.from(wanted, ([id, quantity]) => ({ id, quantity })) };
}
