/**
 * A printer configured at a hub: the one schema for the hub API's validation, its
 * OpenAPI entry and the counter app's forms. Only network (TCP 9100) printers exist in
 * the foundation; USB, serial and Bluetooth join with the printing issue.
 */
import { Type, type Static } from '@sinclair/typebox';

export const PrinterConfigSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'Chosen by the client; retrying with the same id never adds a second printer.' }),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    transport: Type.Literal('tcp'),
    host: Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.\\-:]+$' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, default: 9100 }),
    widthMm: Type.Union([Type.Literal(58), Type.Literal(80)]),
  },
  { additionalProperties: false },
);

export type PrinterConfig = Static<typeof PrinterConfigSchema>;

export const PrinterListSchema = Type.Object({
  printers: Type.Array(PrinterConfigSchema, { maxItems: 100 }),
});

/** A counter has a handful of printers; more is a runaway client. */
export const printersPerHubMax = 100;
