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
import { cardRefusalReasons, cardTokenMaxChars } from '../cards/credential.js';
import { InvoiceDraftSchema } from '../invoicing/invoice.js';
import { ZReportSchema } from './z-report.js';
import { UuidSchema as Uuid } from '../text/uuid.js';

/** Operations per push: bounds the request and the cloud's work per call. */
export const syncBatchMax = 500;

const TopUpXof = Type.Integer({ minimum: 1, maximum: 2_000_000 });
/**
 * Cash taken for credits: for an account (by id), or for the holder of a card scanned at the
 * counter (by ISMAIL ID, resolved by the cloud). Bounded per hub and per day by the cash
 * ceiling of its signed policy, at the hub before the customer leaves and again at the cloud.
 */
export const CashTopUpPayloadSchema = Type.Union([
  Type.Object({ accountId: Uuid, amountXof: TopUpXof }, { additionalProperties: false }),
  Type.Object(
    { ismailId: Type.String({ minLength: 5, maxLength: 40 }), amountXof: TopUpXof },
    { additionalProperties: false },
  ),
]);
export type CashTopUpPayload = Static<typeof CashTopUpPayloadSchema>;
const SaleId = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,80}$' });

/** An invoice the hub issued itself, numbered in its own register (the cloud records it as is). */
export const HubIssuedDocumentSchema = Type.Object(
  {
    /** The n of F-<register>-<year>-<n>: gapless per register, year and kind. */
    sequence: Type.Integer({ minimum: 1 }),
    number: Type.String({ maxLength: 80 }),
    // A pattern, not format: 'date-time': payloads are checked with TypeBox's Value, which knows no formats.
    issuedAt: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z$' }),
    document: InvoiceDraftSchema,
    /**
     * The content hash the hub printed in the ticket's QR (shared `invoiceContentHash`); the
     * cloud refuses the document if its own differs (INVOICE_HASH_MISMATCH). Optional: older hubs omit it.
     */
    contentHash: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
    /**
     * The register that numbered it when a paired terminal of the hub issued it (issue 28):
     * `<hub register>-T<n>` (see `terminalRegister`), its own gapless series. Absent: the hub's own register.
     */
    register: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,40}$' })),
  },
  { additionalProperties: false },
);
export type HubIssuedDocument = Static<typeof HubIssuedDocumentSchema>;

/** The most one counter sale may take from a wallet: 200,000 credits (10,000,000 FCFA at 50 FCFA). */
export const hubWalletPaymentMaxCentiCredits = 20_000_000;

/**
 * How the client paid. A wallet payment is a claim the cloud verifies before any money moves:
 * the card credential (printed card or dynamic code) the hub verified names the payer, and
 * its status is judged as of the revocation list the hub held. Authorised online, it names
 * the balance the cloud answered to this hub (`balanceCheckId`) and stays within it; offline,
 * within the ceilings of the signed policy the hub held (`policyVersion`). Once verified it is
 * a fact: if the wallet no longer holds it when it arrives, the cloud records an overdraft.
 */
export const HubPaymentSchema = Type.Union([
  Type.Object({ method: Type.Literal('cash') }, { additionalProperties: false }),
  Type.Object(
    {
      method: Type.Literal('wallet'),
      ismailId: Type.String({ minLength: 5, maxLength: 40 }),
      cardId: Uuid,
      /** The compact JWS the hub scanned and verified (printed card or dynamic code). */
      credential: Type.String({ minLength: 1, maxLength: cardTokenMaxChars }),
      amountCentiCredits: Type.Integer({ minimum: 1, maximum: hubWalletPaymentMaxCentiCredits }),
      authorisation: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
      /** What the hub believed the wallet held when it authorised (for the debt file's history). */
      availableCentiCredits: Type.Integer({ minimum: -1e12, maximum: 1e12 }),
      /** Issue time (seconds) of the card revocation list the hub verified the card against. */
      revocationListIat: Type.Integer({ minimum: 0 }),
      /** The ceilings version of the policy the hub held (absent: the cloud's current ceilings). */
      policyVersion: Type.Optional(Type.Integer({ minimum: 1 })),
      /** Online: the balance answer the hub relied on (from /v1/hubs/wallet-balance). */
      balanceCheckId: Type.Optional(Uuid),
    },
    { additionalProperties: false },
  ),
]);
export type HubPayment = Static<typeof HubPaymentSchema>;

export const ShopSalePayloadSchema = Type.Object(
  {
    saleId: SaleId,
    items: Type.Array(
      Type.Object(
        { productId: Uuid, quantity: Type.Integer({ minimum: 1, maximum: 1000 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
    invoice: HubIssuedDocumentSchema,
    payment: HubPaymentSchema,
  },
  { additionalProperties: false },
);
export type ShopSalePayload = Static<typeof ShopSalePayloadSchema>;

/**
 * A credit note the hub issued on one of its sales: stock comes back, the money goes back the
 * way it came. The cloud bounds it by what is left of each credited line and the wallet refund
 * by that line's share of what the wallet paid; a second credit of a spent line is refused.
 */
export const ShopSaleCreditPayloadSchema = Type.Object(
  {
    saleId: SaleId,
    creditNote: HubIssuedDocumentSchema,
    /** Per credited line (same index as the sale's items): how many units come back to stock. */
    restock: Type.Array(
      Type.Object(
        { index: Type.Integer({ minimum: 0, maximum: 199 }), quantity: Type.Integer({ minimum: 0, maximum: 1000 }) },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
    refund: Type.Union([
      Type.Object({ method: Type.Literal('cash') }, { additionalProperties: false }),
      Type.Object(
        {
          method: Type.Literal('wallet'),
          amountCentiCredits: Type.Integer({ minimum: 1, maximum: hubWalletPaymentMaxCentiCredits }),
        },
        { additionalProperties: false },
      ),
    ]),
  },
  { additionalProperties: false },
);
export type ShopSaleCreditPayload = Static<typeof ShopSaleCreditPayloadSchema>;

/** An RFID reader's scan at the hub: stock at the hub's place moves once per reader and scan id. */
export const StockScanPayloadSchema = Type.Object(
  {
    deviceId: Uuid,
    scanId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' }),
    productId: Uuid,
    delta: Type.Union([Type.Integer({ minimum: -1000, maximum: -1 }), Type.Integer({ minimum: 1, maximum: 1000 })]),
  },
  { additionalProperties: false },
);
export type StockScanPayload = Static<typeof StockScanPayloadSchema>;

/** An alarm sensor's event at the hub: the cloud notifies the establishment's manager at once. */
export const DeviceAlarmPayloadSchema = Type.Object(
  {
    deviceId: Uuid,
    deviceName: Type.String({ minLength: 1, maxLength: 80 }),
    kind: Type.String({ pattern: '^[a-z_]{1,40}$' }),
    message: Type.Optional(Type.String({ maxLength: 300 })),
    at: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z$' }),
  },
  { additionalProperties: false },
);
export type DeviceAlarmPayload = Static<typeof DeviceAlarmPayloadSchema>;

/** A device's registration, enrolment or revocation at the hub, reported for the cloud's registry. */
export const DeviceReportPayloadSchema = Type.Object(
  {
    deviceId: Uuid,
    type: Type.Union([
      Type.Literal('rfid_reader'),
      Type.Literal('door_lock'),
      Type.Literal('alarm'),
      Type.Literal('gps_tracker'),
    ]),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    unitId: Type.Union([Uuid, Type.Null()]),
    state: Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('revoked')]),
    certSerial: Type.Union([Type.String({ pattern: '^[0-9a-f]{1,64}$' }), Type.Null()]),
    certExpiresAt: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
    lastSeenAt: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type DeviceReportPayload = Static<typeof DeviceReportPayloadSchema>;

/**
 * A card or dynamic QR checked at the counter (online or offline), reported so the holder sees
 * where their card was checked. The hub sends the token it was shown, not the card's id: the cloud
 * reads the card from the token's signed claims and takes nothing else from the hub but what it
 * saw (the outcome and its reason) and when (the operation's time).
 */
export const CardCheckedPayloadSchema = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: cardTokenMaxChars }),
    outcome: Type.Union([Type.Literal('valid'), Type.Literal('refused')]),
    reason: Type.Union([...cardRefusalReasons.map((r) => Type.Literal(r)), Type.Null()]),
  },
  { additionalProperties: false },
);
export type CardCheckedPayload = Static<typeof CardCheckedPayloadSchema>;

/** Positions per `device.positions` operation (issue 28.7): bounds the payload and the cloud's insert. */
export const devicePositionsPerOperationMax = 200;
/** Devices per `device.seen` operation. */
export const devicesSeenPerOperationMax = 200;
const IsoInstant = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z$' });

/**
 * A GPS tracker's positions over one time window at the hub (one operation per tracker per
 * window, at most 200 positions, evenly thinned at the hub when it reported more), with its
 * last-seen time. The cloud checks the tracker is its hub's partner's, and bounds the times.
 */
export const DevicePositionsPayloadSchema = Type.Object(
  {
    deviceId: Uuid,
    lastSeenAt: Type.Union([IsoInstant, Type.Null()]),
    positions: Type.Array(
      Type.Object(
        {
          at: IsoInstant,
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          lon: Type.Number({ minimum: -180, maximum: 180 }),
          speedKmh: Type.Union([Type.Number({ minimum: 0, maximum: 500 }), Type.Null()]),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: devicePositionsPerOperationMax },
    ),
  },
  { additionalProperties: false },
);
export type DevicePositionsPayload = Static<typeof DevicePositionsPayloadSchema>;

/** When the hub last heard from each of its devices (only those heard since the last report). */
export const DevicesSeenPayloadSchema = Type.Object(
  {
    devices: Type.Array(Type.Object({ deviceId: Uuid, lastSeenAt: IsoInstant }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: devicesSeenPerOperationMax,
    }),
  },
  { additionalProperties: false },
);
export type DevicesSeenPayload = Static<typeof DevicesSeenPayloadSchema>;

/**
 * The registry of hub operations: each type and the schema of its payload. The hub appends
 * an operation typed by it (`HubOperationPayload<T>`), the cloud checks the payload against
 * it before the owning module applies it. A new operation type is one line here, its payload
 * schema, and its module's handler in the cloud.
 */
export const hubOperationPayloadSchemas = {
  'wallet.cash_top_up': CashTopUpPayloadSchema,
  'shop.sale': ShopSalePayloadSchema,
  'shop.sale_credit': ShopSaleCreditPayloadSchema,
  'cash.session_closed': ZReportSchema,
  'shop.stock_scan': StockScanPayloadSchema,
  'iot.alarm': DeviceAlarmPayloadSchema,
  'iot.device': DeviceReportPayloadSchema,
  'cards.checked': CardCheckedPayloadSchema,
  'device.positions': DevicePositionsPayloadSchema,
  'device.seen': DevicesSeenPayloadSchema,
} as const;
export type HubOperationType = keyof typeof hubOperationPayloadSchemas;
export type HubOperationPayload<T extends HubOperationType> = Static<(typeof hubOperationPayloadSchemas)[T]>;
export const hubOperationTypes = Object.keys(hubOperationPayloadSchemas) as readonly HubOperationType[];

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

export const PushRequestSchema = Type.Object(
  { operations: Type.Array(HubOperationSchema, { minItems: 1, maxItems: syncBatchMax }) },
  { additionalProperties: false },
);
export type PushRequest = Static<typeof PushRequestSchema>;

export const OperationOutcomeSchema = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  status: Type.Union([
    Type.Literal('applied'),
    Type.Literal('duplicate'),
    Type.Literal('rejected'),
    Type.Literal('not_applied'),
  ]),
  /** Why it was refused, for staff (French or English words, with the code first). */
  reason: Type.Optional(Type.String()),
  /** A refusal's stable error code (shared/errors/catalog.ts): what the hub branches on, never the words. */
  code: Type.Optional(Type.String({ maxLength: 60 })),
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
