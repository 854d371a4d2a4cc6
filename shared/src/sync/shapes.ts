/**
 * The downstream shapes (SPEC 3.8, issue 21): per shape the cloud's feed serves a hub
 * (cloud/src/modules/hubs/shape-feed.ts), the row it sends, and the messages that carry rows.
 * The cloud declares its columns by these schemas; the hub's replicas check each row against
 * them before they write it (hub/src/sync/shape-sync.ts).
 *
 * Values are as Electric's protocol sends them: text, typed by the response's schema header
 * (an integer as its digits, a boolean as `t` or `f`, a date as YYYY-MM-DD), or null. Rows are
 * open objects: a newer cloud may send a column an older hub does not hold, and the hub ignores
 * it rather than stopping its feed. Text columns whose values a newer cloud may extend (a kind,
 * a status) are plain text here: the replica decides what it keeps.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { UuidSchema } from '../text/uuid.js';

/** A `text` column as sent. */
const ShapeText = Type.String();
/** A nullable `text` column as sent. */
const ShapeNullableText = Type.Union([Type.String(), Type.Null()]);
/** An `int4` column as sent: its decimal digits. */
const ShapeInt4 = Type.String({ pattern: '^-?[0-9]{1,10}$' });
/** A `bool` column as sent (PostgreSQL's text form). */
const ShapeBool = Type.Union([Type.Literal('t'), Type.Literal('f')]);
/** A `date` column as sent: the day, YYYY-MM-DD. */
const ShapeDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });

/** The partner's catalog (`shop_products`): what the counter sells and scans. */
export const ShopProductShapeRowSchema = Type.Object({
  id: UuidSchema,
  name: ShapeText,
  category: ShapeText,
  kind: ShapeText,
  barcode: ShapeNullableText,
  price_xof: ShapeInt4,
  tax_group: ShapeText,
  active: ShapeBool,
});
export type ShopProductShapeRow = Static<typeof ShopProductShapeRowSchema>;

/** The partner's bookable units (`booking_units`): rooms and seats. */
export const BookingUnitShapeRowSchema = Type.Object({
  id: UuidSchema,
  kind: ShapeText,
  type_name: ShapeText,
  name: ShapeText,
  place: ShapeText,
  capacity: ShapeInt4,
  base_price_xof: ShapeInt4,
  tax_group: ShapeText,
  active: ShapeBool,
});
export type BookingUnitShapeRow = Static<typeof BookingUnitShapeRowSchema>;

/** Reservations of those units (`booking_reservations`): dates, state and the guest, no amounts. */
export const BookingReservationShapeRowSchema = Type.Object({
  id: UuidSchema,
  unit_id: UuidSchema,
  guest_ismail_id: ShapeNullableText,
  check_in: ShapeDate,
  check_out: ShapeDate,
  guests: ShapeInt4,
  status: ShapeText,
});
export type BookingReservationShapeRow = Static<typeof BookingReservationShapeRowSchema>;

/** The tax authority's answer on the hub's own invoices (`hub_invoice_clearances`), no amounts. */
export const HubInvoiceClearanceShapeRowSchema = Type.Object({
  id: UuidSchema,
  number: ShapeText,
  kind: ShapeText,
  clearance_status: ShapeText,
  authority: ShapeNullableText,
  authority_reference: ShapeNullableText,
  /** An ISO instant in UTC, or null while uncertified. */
  certified_at: ShapeNullableText,
  // Absent from changes logged before cloud migration 0032, which a hub may still read.
  qr_data: Type.Optional(ShapeNullableText),
});
export type HubInvoiceClearanceShapeRow = Static<typeof HubInvoiceClearanceShapeRowSchema>;

/**
 * The agency's property visits (`real_estate_visits`): which property, the visitor as an ISMAIL ID, the window (ISO
 * instants in UTC) and the state, no message or names. A property's door lock opens for a confirmed one, in its window.
 */
export const RealEstateVisitShapeRowSchema = Type.Object({
  id: UuidSchema,
  property_id: UuidSchema,
  visitor_ismail_id: ShapeNullableText,
  starts_at: ShapeText,
  ends_at: ShapeText,
  status: ShapeText,
});
export type RealEstateVisitShapeRow = Static<typeof RealEstateVisitShapeRowSchema>;

/** Every downstream shape, by the name a hub asks the feed for (its `table` parameter). */
export const shapeNames = [
  'shop_products',
  'booking_units',
  'booking_reservations',
  'hub_invoice_clearances',
  'real_estate_visits',
] as const;
export type ShapeName = (typeof shapeNames)[number];

/** The schema of each shape's rows. */
export const shapeRowSchemas = {
  shop_products: ShopProductShapeRowSchema,
  booking_units: BookingUnitShapeRowSchema,
  booking_reservations: BookingReservationShapeRowSchema,
  hub_invoice_clearances: HubInvoiceClearanceShapeRowSchema,
  real_estate_visits: RealEstateVisitShapeRowSchema,
} as const satisfies Record<ShapeName, TSchema>;
/** The row a shape sends on insert and update. */
export type ShapeRow<S extends ShapeName> = Static<(typeof shapeRowSchemas)[S]>;

/** What a delete sends: the row's id alone. */
export const ShapeDeletedRowSchema = Type.Object({ id: UuidSchema });

/** A row's change: its key, its values (checked against its shape's row schema) and the operation. */
export const ShapeChangeMessageSchema = Type.Object({
  key: Type.String(),
  value: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])),
  headers: Type.Object({
    operation: Type.Union([Type.Literal('insert'), Type.Literal('update'), Type.Literal('delete')]),
  }),
});
export type ShapeChangeMessage = Static<typeof ShapeChangeMessageSchema>;
/** A control message ("up-to-date", "must-refetch"). */
export const ShapeControlMessageSchema = Type.Object({ headers: Type.Object({ control: Type.String() }) });
/** One response's body: changes and control messages, in order. */
export const ShapeMessagesSchema = Type.Array(Type.Union([ShapeChangeMessageSchema, ShapeControlMessageSchema]));
export type ShapeMessage = Static<typeof ShapeMessagesSchema>[number];
