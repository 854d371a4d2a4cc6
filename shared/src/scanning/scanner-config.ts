/** A serial scanner configured at a hub: one schema for the hub API and the counter app. */
import { Type, type Static } from '@sinclair/typebox';

export const ScannerConfigSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    path: Type.String({ minLength: 1, maxLength: 100, pattern: '^(/dev/[A-Za-z0-9._/-]+|COM[0-9]{1,3})$' }),
    baudRate: Type.Union([9600, 19200, 38400, 57600, 115200].map((b) => Type.Literal(b))),
  },
  { additionalProperties: false },
);
export type ScannerConfig = Static<typeof ScannerConfigSchema>;

/** What the counter app receives for each scan, from a serial scanner or its own keyboard wedge. */
export const ScanEventSchema = Type.Object({
  seq: Type.Integer(),
  source: Type.String(),
  at: Type.String(),
  kind: Type.Union([Type.Literal('card'), Type.Literal('product'), Type.Literal('refused')]),
  code: Type.String(),
  symbology: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
});
export type ScanEvent = Static<typeof ScanEventSchema>;

export const scannersPerHubMax = 20;
