/**
 * The hub ↔ cloud upstream sync contract (SPEC 3.8): a hub's outbox is pushed in batches of
 * operations that the hub numbered itself (a gapless sequence per hub) and identified with
 * an id it generated. The cloud applies each operation exactly once and in sequence order
 * per hub, answering for each: applied (with its result), duplicate (already applied: the
 * first result again), rejected (with a reason shown to staff; the sequence moves on), or
 * not applied (an earlier operation is missing: send again from `expectedSeq`).
 * One schema per shape: validation, types and OpenAPI come from these.
 */
import { Type, type Static } from '@sinclair/typebox';

/** Operations per push: bounds the request and the cloud's work per call. */
export const syncBatchMax = 500;

export const hubOperationTypes = ['wallet.cash_top_up', 'shop.sale'] as const;
export type HubOperationType = (typeof hubOperationTypes)[number];

const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });

export const CashTopUpPayloadSchema = Type.Object({ accountId: Uuid, amountXof: Type.Integer({ minimum: 1, maximum: 2_000_000 }) }, { additionalProperties: false });
export const ShopSalePayloadSchema = Type.Object(
  {
    saleId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,80}$' }),
    items: Type.Array(Type.Object({ productId: Uuid, quantity: Type.Integer({ minimum: 1, maximum: 1000 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false },
);

export const HubOperationSchema = Type.Object(
  {
    /** Chosen by the hub when the counter operation happened: the same id is the same operation. */
    id: Uuid,
    /** 1, 2, 3... per hub, without gaps: the order the counter did things in. */
    seq: Type.Integer({ minimum: 1 }),
    type: Type.Union(hubOperationTypes.map((t) => Type.Literal(t))),
    /** The hub's clock when it happened (for display; ordering is by seq, never by this). */
    at: Type.String({ format: 'date-time' }),
    payload: Type.Unknown(),
  },
  { additionalProperties: false },
);
export type HubOperation = Static<typeof HubOperationSchema>;

export const PushRequestSchema = Type.Object({ operations: Type.Array(HubOperationSchema, { minItems: 1, maxItems: syncBatchMax }) }, { additionalProperties: false });
export type PushRequest = Static<typeof PushRequestSchema>;

export const OperationOutcomeSchema = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  status: Type.Union([Type.Literal('applied'), Type.Literal('duplicate'), Type.Literal('rejected'), Type.Literal('not_applied')]),
  reason: Type.Optional(Type.String()),
  result: Type.Optional(Type.Unknown()),
});
export type OperationOutcome = Static<typeof OperationOutcomeSchema>;

export const PushResponseSchema = Type.Object({
  outcomes: Type.Array(OperationOutcomeSchema),
  /** The next sequence number the cloud expects from this hub. */
  expectedSeq: Type.Integer(),
  /** The cloud's clock, for the hub to measure its skew. */
  serverTime: Type.String(),
});
export type PushResponse = Static<typeof PushResponseSchema>;
