// Proves each downstream shape's row schema accepts a row as the cloud's feed emits it (every
// value as Electric's text, nulls where the column allows them), and refuses what a replica must
// not write: a number where text is sent, a missing column, a boolean not in PostgreSQL's form.
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import {
  ShapeDeletedRowSchema,
  ShapeMessagesSchema,
  shapeNames,
  shapeRowSchemas,
  type ShapeName,
  type ShapeRow,
} from './shapes.js';

/** A row without one of its columns. */
const without = (row: object, column: string) => Object.fromEntries(Object.entries(row).filter(([k]) => k !== column));

const id = '11111111-1111-4111-8111-111111111111';
const unit = '22222222-2222-4222-8222-222222222222';

/** One row per shape, as the feed's snapshot or change log sends it. */
const samples: { [S in ShapeName]: ShapeRow<S> } = {
  shop_products: {
    id,
    name: 'Attiéké 1 kg',
    category: 'epicerie',
    kind: 'physical',
    barcode: null,
    price_xof: '1000',
    tax_group: 'CI-TVA-9',
    active: 't',
  },
  booking_units: {
    id: unit,
    kind: 'room',
    type_name: 'Chambre double',
    name: 'Chambre 12',
    place: 'Assinie',
    capacity: '2',
    base_price_xof: '35000',
    tax_group: 'CI-TVA-18',
    active: 'f',
  },
  booking_reservations: {
    id,
    unit_id: unit,
    guest_ismail_id: 'CI250101-ABCD-CL',
    check_in: '2026-12-24',
    check_out: '2026-12-26',
    guests: '2',
    status: 'confirmed',
  },
  hub_invoice_clearances: {
    id,
    number: 'HB7D05528-2026-000042',
    kind: 'invoice',
    clearance_status: 'certified',
    authority: 'fne',
    authority_reference: '2600042A26000000042',
    certified_at: '2026-12-05T10:11:12.345Z',
    qr_data: 'https://fne.example/verify/2600042A26000000042',
  },
  real_estate_visits: {
    id,
    property_id: unit,
    visitor_ismail_id: 'CI250101-ABCD-CL',
    starts_at: '2026-12-06T10:00:00.000Z',
    ends_at: '2026-12-06T11:00:00.000Z',
    status: 'confirmed',
  },
};

describe('downstream shape rows', () => {
  it.each(shapeNames)('%s: accepts a row as the cloud emits it', (shape) => {
    expect([...Value.Errors(shapeRowSchemas[shape], samples[shape])]).toEqual([]);
  });

  it('accepts the nulls the feed sends for nullable columns, and an older change without the QR', () => {
    const beforeQr = without(samples.hub_invoice_clearances, 'qr_data');
    expect(Value.Check(shapeRowSchemas.hub_invoice_clearances, beforeQr)).toBe(true);
    const uncertified = { ...beforeQr, authority: null, authority_reference: null, certified_at: null, qr_data: null };
    expect(Value.Check(shapeRowSchemas.hub_invoice_clearances, uncertified)).toBe(true);
    expect(
      Value.Check(shapeRowSchemas.booking_reservations, { ...samples.booking_reservations, guest_ismail_id: null }),
    ).toBe(true);
  });

  it('ignores a column a newer cloud adds', () => {
    expect(Value.Check(shapeRowSchemas.shop_products, { ...samples.shop_products, colour: 'rouge' })).toBe(true);
  });

  it('refuses a row a replica must not write', () => {
    const nameless = without(samples.shop_products, 'name');
    expect(Value.Check(shapeRowSchemas.shop_products, nameless)).toBe(false);
    expect(Value.Check(shapeRowSchemas.shop_products, { ...samples.shop_products, price_xof: 1000 })).toBe(false);
    expect(Value.Check(shapeRowSchemas.shop_products, { ...samples.shop_products, price_xof: '10.5' })).toBe(false);
    expect(Value.Check(shapeRowSchemas.booking_units, { ...samples.booking_units, active: 'true' })).toBe(false);
    expect(
      Value.Check(shapeRowSchemas.booking_reservations, { ...samples.booking_reservations, check_in: 'demain' }),
    ).toBe(false);
    expect(Value.Check(shapeRowSchemas.hub_invoice_clearances, { ...samples.hub_invoice_clearances, id: 'x' })).toBe(
      false,
    );
  });

  it('reads a response of changes, a delete by id and control messages', () => {
    const body = [
      { key: `"public"."shop_products"/"${id}"`, value: samples.shop_products, headers: { operation: 'insert' } },
      { key: `"public"."shop_products"/"${id}"`, value: { id }, headers: { operation: 'delete' } },
      { headers: { control: 'up-to-date' } },
    ];
    expect(Value.Check(ShapeMessagesSchema, body)).toBe(true);
    expect(Value.Check(ShapeDeletedRowSchema, body[1]?.value)).toBe(true);
    expect(Value.Check(ShapeMessagesSchema, [{ key: 'k', value: { id: 1 }, headers: { operation: 'insert' } }])).toBe(
      false,
    );
  });
});
