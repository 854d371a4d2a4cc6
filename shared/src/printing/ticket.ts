/**
 * What a hub prints: a ticket as layout blocks (the same blocks the invoice formats draw),
 * with a key naming the document. One schema for the hub API, its OpenAPI entry and the
 * counter app. Every string and list is bounded: a ticket is paper, not a file transfer.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { LayoutBlock } from '../invoicing/layout.js';

const Text = (maxLength: number) => Type.String({ maxLength });
const Pair = Type.Tuple([Text(200), Text(200)]);

export const TicketBlockSchema = Type.Union([
  Type.Object({ type: Type.Literal('title'), text: Text(300) }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('text'), text: Text(2000), bold: Type.Optional(Type.Boolean()) },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('pairs'), pairs: Type.Array(Pair, { maxItems: 50 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('lines'),
      header: Type.Tuple([Text(60), Text(60), Text(60), Text(60)]),
      rows: Type.Array(Type.Tuple([Text(300), Text(40), Text(40), Text(40)]), { maxItems: 500 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('totals'), rows: Type.Array(Pair, { maxItems: 30 }), grand: Pair },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('qr'), data: Type.String({ minLength: 1, maxLength: 1000 }), caption: Text(200) },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('rule') }, { additionalProperties: false }),
]);

export const PrintRequestSchema = Type.Object(
  {
    printerId: Type.String({ format: 'uuid' }),
    /** What this is, for history and reprints: "ticket:V-000123", "invoice:F-HUB1-2026-000042". */
    documentKey: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9:._/-]+$' }),
    blocks: Type.Array(TicketBlockSchema, { minItems: 1, maxItems: 200 }),
    /** Open the cash drawer after printing (a cash sale). */
    openDrawer: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type PrintRequest = Static<typeof PrintRequestSchema>;

/** The line printed at the top of a reprint: a copy can never pass for the original. */
export function copyBanner(copy: number): string {
  return `*** DUPLICATA ${String(copy)} ***`;
}

/** A reprint's blocks: the DUPLICATA banner on top of the original's (0 is the original). */
export function withCopyBanner(blocks: readonly LayoutBlock[], copy: number): readonly LayoutBlock[] {
  return copy > 0 ? [{ type: 'text', text: copyBanner(copy), bold: true }, ...blocks] : blocks;
}
