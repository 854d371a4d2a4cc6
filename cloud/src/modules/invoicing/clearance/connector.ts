/**
 * Clearance: getting an invoice certified by the country's tax authority before it is
 * legal (research 0.1, 9.4). One interface, one implementation per authority (FNE for
 * Côte d'Ivoire, e-MECeF for Bénin), chosen by composition.
 *
 * The rule every caller must keep (research 0.2, STYLE "what to avoid"): an outcome that
 * is not known (timeout, 5xx, a cut connection) is `uncertain`, never `rejected`; it says
 * what may follow (`next`), and an invoice that may have been certified is never sent
 * again until `recover` or a person has established that it was not: an invoice is never
 * certified twice. `certifyOnce` (certify-once.ts) implements that rule.
 *
 * Rejection codes (stable): INVALID_INVOICE, TAX_GROUP_UNMAPPED, TAX_RATE_MISMATCH,
 * BUYER_TAX_ID_REQUIRED, FNE_BAD_REQUEST, FNE_ORIGINAL_UNKNOWN, FNE_CREDIT_LINE_UNMATCHED,
 * EMECEF_BAD_REQUEST, EMECEF_TOTAL_MISMATCH, EMECEF_<n> (the service's numbered errors).
 */

export interface ClearanceLine {
  label: string;
  /** May be fractional, up to 3 decimals. */
  quantity: number;
  /** Tax-inclusive unit price, integer francs. */
  unitPriceXof: number;
  /** Our group code, e.g. 'CI-TVA-18', 'CI-TVA-9', 'CI-EXO', 'BJ-A', 'BJ-B'. */
  taxGroup: string;
  taxRateBp: number;
  discountXof: number;
}

export interface ClearanceInvoice {
  /** Our uuid: the idempotency/reconciliation key. */
  invoiceId: string;
  kind: 'invoice' | 'credit_note';
  /** Our gapless number. */
  number: string;
  issuedAt: string;
  seller: { taxId: string; legalName: string; establishment?: string; pointOfSale?: string };
  buyer: { kind: 'B2C' | 'B2B'; name?: string; taxId?: string; phone?: string; email?: string };
  lines: ClearanceLine[];
  totals: { totalXof: number; taxXof: number; netXof: number };
  paymentMethod: 'cash' | 'mobile_money' | 'card' | 'transfer' | 'credit';
  original?: { invoiceId: string; authorityReference: string };
}

/**
 * What an uncertain outcome allows:
 * - `resend`: the authority certainly did not certify it (the request never left, or was
 *   refused before anything was created): sending it again is safe;
 * - `recover`: it may have been certified, and `recover` can find out (a lookup, e-MECeF's
 *   pending requests) before anything is sent again;
 * - `person`: it may have been certified and nothing automatic can tell (the real FNE has
 *   no lookup; e-MECeF says only "finalised"): parked until someone checks the
 *   authority's portal and resolves it (admin queue). Never retried on its own.
 */
export type UncertainNext = 'resend' | 'recover' | 'person';

export type ClearanceOutcome =
  | { status: 'certified'; authorityReference: string; qrData: string; certifiedAt: string; raw: unknown }
  | { status: 'rejected'; code: string; message: string }
  | { status: 'uncertain'; reason: string; next: UncertainNext };

export interface ClearanceConnector {
  readonly authority: 'fne' | 'emecef';
  certify(invoice: ClearanceInvoice): Promise<ClearanceOutcome>;
  /** Reconcile before any retry: was it certified after all? Only called after an uncertain
   * outcome whose `next` is not `resend`; "not found" must mean "certainly not certified". */
  recover(invoice: ClearanceInvoice): Promise<ClearanceOutcome | { status: 'not_found' }>;
  health(): Promise<{ ok: boolean; detail: string }>;
}

/**
 * Where outcomes are kept, keyed by our invoice id (PostgreSQL later; a Map in tests). A
 * store shared by several processes must serialise calls per invoice (a row lock), since
 * certifyOnce only serialises within one process.
 */
export interface ClearanceStore {
  get(invoiceId: string): Promise<ClearanceOutcome | undefined>;
  put(invoiceId: string, outcome: ClearanceOutcome): Promise<void>;
}

export const rejected = (code: string, message: string): ClearanceOutcome => ({ status: 'rejected', code, message });
export const uncertain = (reason: string, next: UncertainNext): ClearanceOutcome => ({
  status: 'uncertain',
  reason,
  next,
});
