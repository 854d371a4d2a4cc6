/** Schemas of the Shop and Booking APIs: one per shape, feeding validation, serialisation and OpenAPI. */
import { Type } from '@sinclair/typebox';
import { CancellationPolicySchema, isoDatePattern, MultiLine, SingleLine } from '@ismail/shared';
import { Uuid } from '../../platform/http/schemas.js';

const Xof = Type.Integer({ minimum: 1, maximum: 100_000_000 });
const Day = Type.String({ pattern: isoDatePattern });
const TaxGroup = Type.String({ minLength: 1, maxLength: 20 });

export const ProductInputSchema = Type.Object(
  {
    name: SingleLine({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(MultiLine({ maxLength: 4000 })),
    category: Type.String({ pattern: '^[a-z0-9_-]{1,40}$' }),
    kind: Type.Union([Type.Literal('physical'), Type.Literal('digital')]),
    barcode: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z-]{1,64}$' })),
    priceXof: Xof,
    taxGroup: TaxGroup,
  },
  { additionalProperties: false },
);

export const ProductSchema = Type.Object({
  id: Type.String(),
  partnerId: Type.String(),
  name: Type.String(),
  description: Type.String(),
  category: Type.String(),
  kind: Type.String(),
  barcode: Type.Union([Type.String(), Type.Null()]),
  priceXof: Type.Integer(),
  taxGroup: Type.String(),
  hasPhoto: Type.Boolean({ description: 'A photo is at /v1/shop/products/{id}/photo/small and /large' }),
});

export const ProductSearchSchema = Type.Object(
  {
    text: Type.Optional(SingleLine({ minLength: 1, maxLength: 100 })),
    category: Type.Optional(Type.String({ pattern: '^[a-z0-9_-]{1,40}$' })),
    // Bounded by the highest price a product may have (shop_products): a larger number would overflow the query.
    minPriceXof: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
    maxPriceXof: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
    partnerId: Type.Optional(Uuid),
    afterPriceXof: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
    afterId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);

export const StockAdjustmentSchema = Type.Object(
  {
    place: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,70}$' })),
    delta: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 }),
    reason: Type.Union([
      Type.Literal('adjustment'),
      Type.Literal('count'),
      Type.Literal('return'),
      Type.Literal('transfer'),
    ]),
  },
  { additionalProperties: false },
);

export const CheckoutSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        { productId: Uuid, quantity: Type.Integer({ minimum: 1, maximum: 1000 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    delivery: Type.Union([Type.Literal('pickup'), Type.Literal('own_delivery'), Type.Literal('courier')]),
  },
  { additionalProperties: false },
);

export const OrderSchema = Type.Object({
  id: Type.String(),
  buyerId: Type.String(),
  partnerId: Type.String(),
  status: Type.String(),
  totalXof: Type.Integer(),
  totalCentiCredits: Type.Integer(),
  delivery: Type.String(),
  tracking: Type.Union([Type.String(), Type.Null()]),
  invoiceId: Type.Union([Type.String(), Type.Null()]),
  creditNoteId: Type.Union([Type.String(), Type.Null()]),
  items: Type.Array(
    Type.Object({
      productId: Type.String(),
      label: Type.String(),
      quantity: Type.Integer(),
      unitPriceXof: Type.Integer(),
    }),
  ),
  history: Type.Array(Type.Object({ status: Type.String(), at: Type.String() })),
});

export const ReviewSchema = Type.Object(
  { rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(MultiLine({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const UnitInputSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('room'), Type.Literal('event_seat'), Type.Literal('transport_seat')]),
    typeName: Type.String({ minLength: 1, maxLength: 100 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    place: Type.String({ minLength: 1, maxLength: 100 }),
    capacity: Type.Integer({ minimum: 1, maximum: 50 }),
    basePriceXof: Xof,
    taxGroup: TaxGroup,
  },
  { additionalProperties: false },
);

export const UnitSchema = Type.Object({
  id: Type.String(),
  partnerId: Type.String(),
  kind: Type.String(),
  typeName: Type.String(),
  name: Type.String(),
  place: Type.String(),
  capacity: Type.Integer(),
  basePriceXof: Type.Integer(),
  taxGroup: Type.String(),
  stayPriceXof: Type.Optional(Type.Integer()),
});

export const RatesSchema = Type.Object(
  {
    rates: Type.Array(Type.Object({ night: Day, priceXof: Xof }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 366,
    }),
  },
  { additionalProperties: false },
);
export const PolicySchema = Type.Object(
  { cancellation: CancellationPolicySchema, holdMinutes: Type.Integer({ minimum: 1, maximum: 1440 }) },
  { additionalProperties: false },
);

export const StaySearchSchema = Type.Object(
  {
    place: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    kind: Type.Optional(Type.Union([Type.Literal('room'), Type.Literal('event_seat'), Type.Literal('transport_seat')])),
    checkIn: Day,
    checkOut: Day,
    guests: Type.Integer({ minimum: 1, maximum: 50 }),
    maxPriceXof: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);

export const HoldSchema = Type.Object(
  { unitId: Uuid, checkIn: Day, checkOut: Day, guests: Type.Integer({ minimum: 1, maximum: 50 }) },
  { additionalProperties: false },
);

export const ReservationSchema = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  partnerId: Type.String(),
  unitId: Type.String(),
  checkIn: Type.String(),
  checkOut: Type.String(),
  guests: Type.Integer(),
  status: Type.String(),
  amountXof: Type.Integer(),
  amountCentiCredits: Type.Integer(),
  holdExpiresAt: Type.String(),
  invoiceId: Type.Union([Type.String(), Type.Null()]),
  creditNoteId: Type.Union([Type.String(), Type.Null()]),
  refundCentiCredits: Type.Union([Type.Integer(), Type.Null()]),
});
