/**
 * The hub's sales area of its local API: a counter sale, its invoice and credit notes, the
 * invoice list and one invoice with its verification link, printing an invoice, and what a
 * client's wallet allows at this counter. One `HubSaleOutcome` for the hub and the counter.
 */
import { Type, type Static } from '@sinclair/typebox';
import { InvoiceDraftSchema } from '../invoicing/invoice.js';
import { PrintJobSchema } from '../printing/print-status.js';
import { HubPaymentSchema } from '../sync/protocol.js';
import { hubObject, HubCardToken, HubCount, HubInstant, HubUuid, hubNullable } from './common.js';
import { HubOfflineCeilingsSchema } from './sync.js';

export const HubSaleIdSchema = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,80}$' });
export const HubInvoiceNumberSchema = Type.String({ pattern: '^[A-Za-z0-9-]{1,80}$' });
const DocumentKind = Type.Union([Type.Literal('invoice'), Type.Literal('credit_note')]);

/**
 * The ticket printed with the sale: queued in the sale's own transaction, so it cannot be lost between two requests.
 */
export const HubSalePrintSchema = hubObject({ printerId: HubUuid, openDrawer: Type.Optional(Type.Boolean()) });

export const HubSaleRequestSchema = hubObject({
  saleId: HubSaleIdSchema,
  items: Type.Array(hubObject({ productId: HubUuid, quantity: Type.Integer({ minimum: 1, maximum: 1000 }) }), {
    minItems: 1,
    maxItems: 200,
  }),
  /**
   * A wallet pays through the card shown at the look-up (its `presentationId`: no second card
   * check, no second balance call) or, for API clients, through the card's token itself.
   */
  payment: Type.Union([
    hubObject({ method: Type.Literal('cash') }),
    hubObject({ method: Type.Literal('wallet'), presentationId: HubUuid }),
    hubObject({ method: Type.Literal('wallet'), token: HubCardToken }),
  ]),
  print: Type.Optional(HubSalePrintSchema),
});
export type HubSaleRequest = Static<typeof HubSaleRequestSchema>;

/** The cloud's clearance states (cloud migration 0006), as its feed brings them to the hub. */
export const hubClearanceStatuses = [
  'not_submitted',
  'pending',
  'uncertain',
  'certified',
  'rejected',
  'not_required',
] as const;
export type HubClearanceStatus = (typeof hubClearanceStatuses)[number];

const TaxGroup = Type.String({ maxLength: 20 });
export const HubInvoiceTotalsSchema = hubObject({
  lines: Type.Array(hubObject({ index: HubCount, amountXof: Type.Integer(), taxGroup: TaxGroup, rateBp: HubCount }), {
    maxItems: 500,
  }),
  groups: Type.Array(
    hubObject({
      taxGroup: TaxGroup,
      rateBp: HubCount,
      netXof: Type.Integer(),
      taxXof: Type.Integer(),
      grossXof: Type.Integer(),
    }),
    { maxItems: 50 },
  ),
  netXof: Type.Integer(),
  taxXof: Type.Integer(),
  grossXof: Type.Integer(),
});

/** An invoice or credit note numbered at this counter, with where it stands with the cloud. */
export const HubIssuedInvoiceSchema = hubObject({
  id: HubUuid,
  kind: DocumentKind,
  number: HubInvoiceNumberSchema,
  issuedAt: HubInstant,
  saleId: HubSaleIdSchema,
  document: InvoiceDraftSchema,
  totals: HubInvoiceTotalsSchema,
  /**
   * Numbered and recorded here; the tax authority's certification comes after the cloud has it. False once certified.
   */
  provisional: Type.Boolean(),
  synced: Type.Boolean(),
  /** The cloud's clearance state, from its feed; null until the feed has brought this invoice. */
  clearanceStatus: hubNullable(Type.Union(hubClearanceStatuses.map((s) => Type.Literal(s)))),
  /** The tax authority's reference once certified. */
  authorityReference: hubNullable(Type.String({ maxLength: 200 })),
});
export type HubIssuedInvoice = Static<typeof HubIssuedInvoiceSchema>;

export const HubSaleOutcomeSchema = hubObject({
  saleId: HubSaleIdSchema,
  /** The sale's place in the hub's outbox. */
  seq: HubCount,
  /** False when the same saleId was sold before: the first sale's outcome, unchanged. */
  created: Type.Boolean(),
  invoice: HubIssuedInvoiceSchema,
  payment: HubPaymentSchema,
  /**
   * The ticket's print job when the request asked for one (the same job for a retried sale);
   * null when none was asked or it could not be queued (the sale stands: reprint from Factures).
   */
  printJob: hubNullable(PrintJobSchema),
});
export type HubSaleOutcome = Static<typeof HubSaleOutcomeSchema>;

export const HubCreditNoteRequestSchema = hubObject({
  creditId: HubUuid,
  lines: Type.Union([
    Type.Literal('all'),
    Type.Array(hubObject({ index: Type.Integer({ minimum: 0 }), quantityMilli: Type.Integer({ minimum: 1 }) }), {
      minItems: 1,
      maxItems: 200,
    }),
  ]),
});
export const HubSaleParamsSchema = hubObject({ saleId: HubSaleIdSchema });
export const HubCreditNoteOutcomeSchema = hubObject({
  seq: HubCount,
  created: Type.Boolean(),
  creditNote: HubIssuedInvoiceSchema,
});
export type HubCreditNoteOutcome = Static<typeof HubCreditNoteOutcomeSchema>;

export const HubInvoiceListQuerySchema = hubObject({
  kind: Type.Optional(DocumentKind),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export const HubInvoiceListSchema = hubObject({ invoices: Type.Array(HubIssuedInvoiceSchema, { maxItems: 200 }) });
export const HubInvoiceParamsSchema = hubObject({ number: HubInvoiceNumberSchema });
/** One invoice, with where anyone can check the printed document (its QR) once the cloud has it. */
export const HubInvoiceViewSchema = hubObject({
  ...HubIssuedInvoiceSchema.properties,
  verificationUrl: Type.String({ maxLength: 2000 }),
});
export const HubInvoicePrintRequestSchema = HubSalePrintSchema;

export const HubWalletLookupRequestSchema = hubObject({ token: HubCardToken });
/** What a client's wallet allows here now: the sell screen shows it before taking a wallet payment. */
export const HubWalletViewSchema = hubObject({
  ismailId: Type.String({ maxLength: 40 }),
  name: Type.String({ maxLength: 201 }),
  source: Type.Union([Type.Literal('cloud'), Type.Literal('last_sync')]),
  balanceAt: HubInstant,
  /** What the hub may still debit now (balance minus local pending debits; the ceilings apply offline). */
  availableCentiCredits: Type.Integer(),
  offlineCeilings: hubNullable(HubOfflineCeilingsSchema),
  spentOfflineTodayCentiCredits: HubCount,
  /**
   * This look-up, kept by the hub for 2 minutes: the sale that follows pays with it (one card check, one balance call).
   */
  presentationId: HubUuid,
  /**
   * Until when the hub keeps it; after that the sale is refused as CARD_PRESENTATION_EXPIRED and the card is scanned
   * again.
   */
  presentationExpiresAt: HubInstant,
});
export type HubWalletView = Static<typeof HubWalletViewSchema>;
