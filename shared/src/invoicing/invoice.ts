/**
 * The invoice model (SPEC 3.7, research 9.3): one schema per shape, feeding validation,
 * types and OpenAPI. Money is integer francs; quantities are integer thousandths (a scale
 * sells 1.250 kg as 1250), so nothing is ever a float.
 */
import { Type, type Static } from '@sinclair/typebox';
import { MultiLine } from '../text/control-characters.js';

const Text = (maxLength: number, minLength = 1) => Type.String({ minLength, maxLength });
const Xof = Type.Integer({ minimum: 0, maximum: 1e12 });

export const SellerSchema = Type.Object(
  {
    legalName: Text(200),
    tradeName: Type.Optional(Text(200)),
    /** NCC (CI), IFU (BJ), TIN elsewhere. */
    taxId: Text(30),
    /** RNI, RSI, RME, TEE... (CI). */
    taxRegime: Text(20),
    taxOffice: Type.Optional(Text(100)),
    rccm: Type.Optional(Text(60)),
    address: Text(300),
    phone: Type.Optional(Text(30)),
    email: Type.Optional(Text(254)),
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
    establishment: Type.Optional(Text(100)),
    pointOfSale: Type.Optional(Text(100)),
  },
  { additionalProperties: false },
);

export const BuyerSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('B2C'), Type.Literal('B2B'), Type.Literal('B2G'), Type.Literal('B2F')]),
    name: Type.Optional(Text(200)),
    taxId: Type.Optional(Text(30)),
    phone: Type.Optional(Text(30)),
    email: Type.Optional(Text(254)),
    address: Type.Optional(Text(300)),
  },
  { additionalProperties: false },
);

export const InvoiceLineSchema = Type.Object(
  {
    sku: Type.Optional(Text(60)),
    label: Text(300),
    quantityMilli: Type.Integer({ minimum: 1, maximum: 1e9 }),
    unit: Type.Optional(Text(20)),
    /** Per unit, tax included or excluded according to the document's price mode. */
    unitPriceXof: Xof,
    taxGroup: Text(20),
    /** A discount on the line, in francs, in the same price mode. */
    discountXof: Type.Integer({ minimum: 0, maximum: 1e12 }),
  },
  { additionalProperties: false },
);

export const paymentMethods = ['cash', 'mobile_money', 'card', 'transfer', 'credit', 'wallet'] as const;

export const InvoiceDraftSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('invoice'), Type.Literal('credit_note')]),
    currency: Type.Literal('XOF'),
    priceMode: Type.Union([Type.Literal('tax_included'), Type.Literal('tax_excluded')]),
    seller: SellerSchema,
    buyer: BuyerSchema,
    lines: Type.Array(InvoiceLineSchema, { minItems: 1, maxItems: 500 }),
    payments: Type.Array(
      Type.Object(
        { method: Type.Union(paymentMethods.map((m) => Type.Literal(m))), amountXof: Xof },
        { additionalProperties: false },
      ),
      { maxItems: 10 },
    ),
    /** Credit notes: the invoice they correct and which of its lines (index, quantity). */
    original: Type.Optional(
      Type.Object(
        {
          invoiceId: Type.String({ maxLength: 40 }),
          number: Text(60),
          lines: Type.Array(
            Type.Object(
              { index: Type.Integer({ minimum: 0 }), quantityMilli: Type.Integer({ minimum: 1 }) },
              { additionalProperties: false },
            ),
            { minItems: 1, maxItems: 500 },
          ),
        },
        { additionalProperties: false },
      ),
    ),
    // Free text that may run over lines (control characters: text/control-characters).
    note: Type.Optional(MultiLine({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export type Seller = Static<typeof SellerSchema>;
export type Buyer = Static<typeof BuyerSchema>;
export type InvoiceLine = Static<typeof InvoiceLineSchema>;
export type InvoiceDraft = Static<typeof InvoiceDraftSchema>;
export type PaymentMethod = (typeof paymentMethods)[number];
