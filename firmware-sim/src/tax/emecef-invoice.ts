/**
 * The e-MECeF (DGI Bénin, "e-MECeF API v1.0") invoice request and the totals the service
 * computes (research 2.2, 2.3, 2.6): tax-inclusive integer unit prices, groups A–F, per
 * group TTC total, HT = round(TTC / (1 + rate)) and VAT = TTC − HT for groups B and D.
 *
 * Owns: the request rules, the numbered error codes and the totals rule. Must stay pure.
 */
import { isRecord } from '../payments/http.js';
import { emecefPaymentsMax, taxItemsMax, taxTextMaxChars } from './limits.js';

export type EmecefInvoiceType = 'FV' | 'EV' | 'FA' | 'EA';
export type EmecefTaxGroup = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
export type EmecefPaymentType =
  'ESPECES' | 'CHEQUES' | 'MOBILEMONEY' | 'CARTEBANCAIRE' | 'VIREMENT' | 'CREDIT' | 'AUTRE';

/** Rates in percent, as `GET /api/info/taxGroups` answers them. */
export interface EmecefTaxRates {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly e: number;
  readonly f: number;
  readonly aibA: number;
  readonly aibB: number;
}

/** A exempt, B 18 %, C export 0 %, D exception regime 18 %, E TPS 0 %, F reserved (research 2.5). */
export const defaultEmecefTaxRates: EmecefTaxRates = { a: 0, b: 18, c: 0, d: 18, e: 0, f: 0, aibA: 1, aibB: 5 };

export const emecefInvoiceTypes: readonly { readonly type: EmecefInvoiceType; readonly description: string }[] = [
  { type: 'FV', description: 'Facture de vente' },
  { type: 'EV', description: "Facture de vente à l'exportation" },
  { type: 'FA', description: "Facture d'avoir" },
  { type: 'EA', description: "Facture d'avoir à l'exportation" },
];

export const emecefPaymentTypes: readonly { readonly type: EmecefPaymentType; readonly description: string }[] = [
  { type: 'ESPECES', description: 'Espèces' },
  { type: 'CHEQUES', description: 'Chèques' },
  { type: 'MOBILEMONEY', description: 'Mobile money' },
  { type: 'CARTEBANCAIRE', description: 'Carte bancaire' },
  { type: 'VIREMENT', description: 'Virement' },
  { type: 'CREDIT', description: 'Crédit' },
  { type: 'AUTRE', description: 'Autre' },
];

/** The documented error codes (research 2.6) with the service's French descriptions. */
export const emecefErrors = {
  '1': 'Le nombre maximal de factures en attente est atteint',
  '3': 'Type de facture invalide',
  '4': 'La référence de la facture originale est manquante',
  '5': 'La référence de la facture originale doit compter 24 caractères',
  '6': "Type d'AIB invalide",
  '7': 'Type de paiement invalide',
  '8': 'La facture doit contenir des articles',
  '9': "Groupe de taxation d'article invalide",
  '10': 'La référence de la facture originale ne peut être validée, réessayez plus tard',
  '11': 'La facture originale est introuvable',
  '12': "Le montant de l'avoir dépasse le montant de la facture originale",
  '20': "La facture n'existe pas ou est déjà finalisée ou annulée",
  '99': 'Erreur lors du traitement de la demande',
} as const;
export type EmecefErrorCode = keyof typeof emecefErrors;

export interface EmecefItem {
  readonly code: string | null;
  readonly name: string;
  /** Unit price TTC, whole francs. */
  readonly price: number;
  readonly quantity: number;
  readonly taxGroup: EmecefTaxGroup;
  readonly taxSpecific: number;
  readonly originalPrice: number | null;
  readonly priceModification: string | null;
}

export interface EmecefInvoiceRequest {
  readonly ifu: string;
  readonly type: EmecefInvoiceType;
  readonly aib: 'A' | 'B' | null;
  /** FA/EA: the original's codeMECeFDGI without dashes. */
  readonly reference: string | null;
  readonly items: readonly EmecefItem[];
  readonly client: {
    readonly ifu: string | null;
    readonly name: string | null;
    readonly contact: string | null;
    readonly address: string | null;
  } | null;
  readonly operator: { readonly id: string | null; readonly name: string };
  readonly payment: readonly { readonly name: EmecefPaymentType; readonly amount: number }[];
}

/** A malformed body is a 400 (model validation); a documented rule broken is an error code. */
export type EmecefParseResult =
  | { ok: true; value: EmecefInvoiceRequest }
  | { ok: false; kind: 'model'; message: string }
  | { ok: false; kind: 'code'; errorCode: EmecefErrorCode };

const model = (message: string): EmecefParseResult => ({ ok: false, kind: 'model', message });
const code = (errorCode: EmecefErrorCode): EmecefParseResult => ({ ok: false, kind: 'code', errorCode });
const optionalText = (value: unknown): value is string | null | undefined =>
  value === undefined || value === null || (typeof value === 'string' && value.length <= taxTextMaxChars);
const orNull = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value.length === 0 ? null : value;
const taxGroups: readonly string[] = ['A', 'B', 'C', 'D', 'E', 'F'];
const whole = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export function parseEmecefInvoice(body: unknown): EmecefParseResult {
  if (!isRecord(body)) return model('The request body must be a JSON object.');
  const { ifu, type, aib, reference, items, client, operator, payment } = body;
  if (typeof ifu !== 'string' || !/^\d{13}$/.test(ifu)) return model('ifu must be 13 digits.');
  if (typeof type !== 'string' || !emecefInvoiceTypes.some((t) => t.type === type)) return code('3');
  const invoiceType = type as EmecefInvoiceType;
  if (aib !== undefined && aib !== null && aib !== '' && aib !== 'A' && aib !== 'B') return code('6');
  let originalReference: string | null = null;
  if (invoiceType === 'FA' || invoiceType === 'EA') {
    if (typeof reference !== 'string' || reference.length === 0) return code('4');
    if (reference.length !== 24) return code('5');
    originalReference = reference.toUpperCase();
  }
  if (!Array.isArray(items) || items.length === 0) return code('8');
  if (items.length > taxItemsMax) return model(`items must hold at most ${String(taxItemsMax)} lines.`);
  const parsedItems: EmecefItem[] = [];
  for (const [index, raw] of (items as unknown[]).entries()) {
    if (!isRecord(raw)) return model(`items[${String(index)}] must be an object.`);
    if (typeof raw.taxGroup !== 'string' || !taxGroups.includes(raw.taxGroup.toUpperCase())) return code('9');
    const { name, price, quantity, taxSpecific, originalPrice, priceModification } = raw;
    if (typeof name !== 'string' || name.trim().length === 0 || name.length > taxTextMaxChars)
      return model(`items[${String(index)}].name is required.`);
    if (!whole(price)) return model(`items[${String(index)}].price must be a whole number of francs ≥ 0.`);
    if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity <= 0)
      return model(`items[${String(index)}].quantity must be a positive number.`);
    if (taxSpecific !== undefined && taxSpecific !== null && !whole(taxSpecific))
      return model(`items[${String(index)}].taxSpecific must be a whole number ≥ 0.`);
    if (originalPrice !== undefined && originalPrice !== null && !whole(originalPrice))
      return model(`items[${String(index)}].originalPrice must be a whole number ≥ 0.`);
    if (!optionalText(priceModification) || !optionalText(raw.code))
      return model(`items[${String(index)}].code and priceModification must be strings.`);
    parsedItems.push({
      code: orNull(raw.code),
      name,
      price,
      quantity,
      taxGroup: raw.taxGroup.toUpperCase() as EmecefTaxGroup,
      taxSpecific: typeof taxSpecific === 'number' ? taxSpecific : 0,
      originalPrice: typeof originalPrice === 'number' ? originalPrice : null,
      priceModification: orNull(priceModification),
    });
  }
  if (
    !isRecord(operator) ||
    typeof operator.name !== 'string' ||
    operator.name.trim().length === 0 ||
    operator.name.length > taxTextMaxChars
  )
    return model('operator.name is required.');
  if (!optionalText(operator.id)) return model('operator.id must be a string.');
  let parsedClient: EmecefInvoiceRequest['client'] = null;
  if (client !== undefined && client !== null) {
    if (
      !isRecord(client) ||
      !optionalText(client.ifu) ||
      !optionalText(client.name) ||
      !optionalText(client.contact) ||
      !optionalText(client.address)
    )
      return model('client fields must be strings.');
    parsedClient = {
      ifu: orNull(client.ifu),
      name: orNull(client.name),
      contact: orNull(client.contact),
      address: orNull(client.address),
    };
  }
  const payments: { name: EmecefPaymentType; amount: number }[] = [];
  if (payment !== undefined && payment !== null) {
    if (!Array.isArray(payment) || payment.length > emecefPaymentsMax)
      return model(`payment must be an array of at most ${String(emecefPaymentsMax)} entries.`);
    for (const raw of payment as unknown[]) {
      if (!isRecord(raw) || typeof raw.name !== 'string' || !emecefPaymentTypes.some((p) => p.type === raw.name))
        return code('7');
      if (!whole(raw.amount)) return model('payment amounts must be whole numbers of francs ≥ 0.');
      payments.push({ name: raw.name as EmecefPaymentType, amount: raw.amount });
    }
  }
  return {
    ok: true,
    value: {
      ifu,
      type: invoiceType,
      aib: aib === 'A' || aib === 'B' ? aib : null,
      reference: originalReference,
      items: parsedItems,
      client: parsedClient,
      operator: { id: orNull(operator.id), name: operator.name },
      // ESPECES by default when no payment is given (research 2.2).
      payment: payments,
    },
  };
}

/** InvoiceResponseData's amounts (research 2.3). */
export interface EmecefTotals {
  readonly ta: number;
  readonly tb: number;
  readonly tc: number;
  readonly td: number;
  readonly taa: number;
  readonly tab: number;
  readonly tac: number;
  readonly tad: number;
  readonly tae: number;
  readonly taf: number;
  readonly hab: number;
  readonly had: number;
  readonly vab: number;
  readonly vad: number;
  readonly aib: number;
  readonly ts: number;
  readonly total: number;
}

/** Half-up to the franc, after cleaning binary noise (0.5 stored as 0.49999999). */
const roundXof = (value: number): number => Math.round(Math.round(value * 1e6) / 1e6);
/** Half-up division of non-negative integers. */
const divideHalfUp = (numerator: number, denominator: number): number =>
  Math.floor((2 * numerator + denominator) / (2 * denominator));

/**
 * The service's totals: per group, TTC = Σ price × quantity rounded to the franc; for B and
 * D, HT = round(TTC × 100 / (100 + rate)) and VAT = TTC − HT (worked examples in research
 * 2.3). AIB is not documented: taken here as its rate on the invoice's HT total [VERIFY].
 */
export function emecefTotals(
  request: Pick<EmecefInvoiceRequest, 'items' | 'aib'>,
  rates: EmecefTaxRates,
): EmecefTotals {
  const sums: Record<EmecefTaxGroup, number> = { A: 0, B: 0, C: 0, D: 0, E: 0, F: 0 };
  let ts = 0;
  for (const item of request.items) {
    sums[item.taxGroup] += item.price * item.quantity;
    ts += item.taxSpecific;
  }
  const taa = roundXof(sums.A);
  const tab = roundXof(sums.B);
  const tac = roundXof(sums.C);
  const tad = roundXof(sums.D);
  const tae = roundXof(sums.E);
  const taf = roundXof(sums.F);
  const hab = divideHalfUp(tab * 100, 100 + rates.b);
  const had = divideHalfUp(tad * 100, 100 + rates.d);
  const aibRate = request.aib === 'A' ? rates.aibA : request.aib === 'B' ? rates.aibB : 0;
  const aib = roundXof(((taa + hab + tac + had + tae + taf) * aibRate) / 100);
  return {
    ta: rates.a,
    tb: rates.b,
    tc: rates.c,
    td: rates.d,
    taa,
    tab,
    tac,
    tad,
    tae,
    taf,
    hab,
    had,
    vab: tab - hab,
    vad: tad - had,
    aib,
    ts,
    total: taa + tab + tac + tad + tae + taf + aib + ts,
  };
}
