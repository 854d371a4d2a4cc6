/**
 * The hub's sync area of its local API: pairing with the cloud, cash sold for credits, the
 * sync health (one shape for the status route, the live channel, the CLI and the counter),
 * the synced catalog and booking inventory, card checks and the operations the cloud refused.
 */
import { Type, type Static } from '@sinclair/typebox';
import { cardRefusalReasons, cardStatuses } from '../cards/credential.js';
import { profileKeys } from '../identity/profiles.js';
import { hubObject, HubCardToken, HubCount, HubInstant, HubUuid, hubNullable } from './common.js';

const LastError = hubNullable(Type.String({ maxLength: 1000 }));

export const HubPairingRequestSchema = hubObject({
  hubId: HubUuid,
  pairingCode: Type.String({ pattern: '^[A-Za-z0-9]{10}$' }),
});
export const HubPairingResponseSchema = hubObject({ hubId: HubUuid, partnerId: HubUuid, paired: Type.Literal(true) });

const TopUpXof = Type.Integer({ minimum: 1, maximum: 2_000_000 });
/** For an account by id, or for the holder of the card (or dynamic QR) scanned at the counter. */
export const HubCashTopUpRequestSchema = Type.Union([
  hubObject({ id: HubUuid, accountId: HubUuid, amountXof: TopUpXof }),
  hubObject({ id: HubUuid, token: HubCardToken, amountXof: TopUpXof }),
]);
export type HubCashTopUpRequest = Static<typeof HubCashTopUpRequestSchema>;
export const HubCashTopUpResponseSchema = hubObject({ id: HubUuid, seq: HubCount, created: Type.Boolean() });
export type HubCashTopUpResponse = Static<typeof HubCashTopUpResponseSchema>;

/** The signed policy's offline ceilings (shared/sync/hub-policy), as the counter reads them. */
export const HubOfflineCeilingsSchema = hubObject({
  perTransactionCentiCredits: HubCount,
  perWalletPerDayCentiCredits: HubCount,
  perHubPerDayCentiCredits: HubCount,
  cashTopUpPerDayXof: HubCount,
  version: Type.Integer({ minimum: 1 }),
});

/**
 * The hub's sync health (SPEC 3.8): GET /api/v1/sync/status, the live channel's `sync` message, `ismail hub status`.
 */
export const HubSyncStatusSchema = hubObject({
  paired: Type.Boolean(),
  hubId: hubNullable(HubUuid),
  /** null until the hub has tried once. */
  cloudReachable: hubNullable(Type.Boolean()),
  lastContactAt: hubNullable(HubInstant),
  outboxDepth: HubCount,
  oldestUnsyncedAgeS: hubNullable(Type.Integer()),
  rejected: HubCount,
  lastPushAt: hubNullable(HubInstant),
  lastError: LastError,
  clockSkewMs: hubNullable(Type.Integer()),
  clockSkewAlarm: Type.Boolean(),
  cards: hubObject({
    keysFetchedAt: hubNullable(HubInstant),
    revocationListIssuedAt: hubNullable(HubInstant),
    revocationListAgeS: hubNullable(Type.Integer()),
    stale: Type.Boolean(),
    lastError: LastError,
  }),
  policy: hubObject({
    valid: Type.Boolean(),
    issuedAt: hubNullable(HubInstant),
    expiresAt: hubNullable(HubInstant),
    offline: hubNullable(HubOfflineCeilingsSchema),
    /** The counter converts with it: the credits a wallet sale will take, the offline ceilings in FCFA. */
    xofPerCredit: hubNullable(Type.Integer({ minimum: 1 })),
    lastError: LastError,
  }),
  catalog: hubObject({ products: HubCount, syncedAt: hubNullable(HubInstant), lastError: LastError }),
  booking: hubObject({
    units: HubCount,
    reservations: HubCount,
    syncedAt: hubNullable(HubInstant),
    lastError: LastError,
  }),
});
export type HubSyncStatus = Static<typeof HubSyncStatusSchema>;

export const HubRejectedOperationsSchema = hubObject({
  rejected: Type.Array(
    hubObject({
      seq: HubCount,
      id: Type.String({ maxLength: 100 }),
      type: Type.String({ maxLength: 100 }),
      reason: hubNullable(Type.String({ maxLength: 2000 })),
      /** The cloud's stable error code: what the counter says the refusal by. */
      code: hubNullable(Type.String({ maxLength: 60 })),
    }),
    { maxItems: 1000 },
  ),
});
export type HubRejectedOperations = Static<typeof HubRejectedOperationsSchema>;

export const HubCatalogQuerySchema = hubObject({
  barcode: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z-]{1,64}$' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});
export const HubCatalogProductSchema = hubObject({
  id: HubUuid,
  name: Type.String({ maxLength: 300 }),
  category: Type.String({ maxLength: 200 }),
  barcode: hubNullable(Type.String({ maxLength: 64 })),
  priceXof: HubCount,
  taxGroup: Type.String({ maxLength: 20 }),
});
export type HubCatalogProduct = Static<typeof HubCatalogProductSchema>;
export const HubCatalogProductsSchema = hubObject({
  products: Type.Array(HubCatalogProductSchema, { maxItems: 1000 }),
});

export const HubBookingUnitsSchema = hubObject({
  units: Type.Array(
    hubObject({
      id: HubUuid,
      name: Type.String({ maxLength: 200 }),
      typeName: Type.String({ maxLength: 200 }),
      place: Type.String({ maxLength: 300 }),
      active: Type.Boolean(),
    }),
    { maxItems: 1000 },
  ),
});
export const HubBookingStaysQuerySchema = hubObject({ day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) });
export const HubStaySchema = hubObject({
  reservationId: HubUuid,
  unitId: HubUuid,
  unitName: Type.String({ maxLength: 200 }),
  guestIsmailId: hubNullable(Type.String({ maxLength: 40 })),
  checkIn: Type.String({ maxLength: 10 }),
  checkOut: Type.String({ maxLength: 10 }),
  guests: HubCount,
  status: Type.String({ maxLength: 20 }),
});
export type HubStay = Static<typeof HubStaySchema>;
export const HubBookingStaysSchema = hubObject({ stays: Type.Array(HubStaySchema, { maxItems: 500 }) });

export const HubCardVerifyRequestSchema = hubObject({ token: HubCardToken });
/** A card checked at this counter with the keys and revocation list it holds (works offline). */
export const HubCardCheckSchema = Type.Union([
  hubObject({
    ok: Type.Literal(true),
    ismailId: Type.String({ maxLength: 40 }),
    cardId: HubUuid,
    name: Type.String({ maxLength: 201 }),
    profile: Type.Union(profileKeys.map((k) => Type.Literal(k))),
    status: Type.Union(cardStatuses.map((s) => Type.Literal(s))),
    kind: Type.Union([Type.Literal('card'), Type.Literal('dyn')]),
    expiresAt: HubInstant,
    /** Whether the hub holds the face the card names (GET /api/v1/cards/:cardId/photo). */
    photo: Type.Boolean(),
    revocationListAgeS: hubNullable(Type.Integer()),
    stale: Type.Boolean(),
  }),
  hubObject({
    ok: Type.Literal(false),
    reason: Type.Union(cardRefusalReasons.map((r) => Type.Literal(r))),
    message: Type.String({ maxLength: 300 }),
    revocationListAgeS: hubNullable(Type.Integer()),
    stale: Type.Boolean(),
  }),
]);
export type HubCardCheck = Static<typeof HubCardCheckSchema>;
export const HubCardParamsSchema = hubObject({ cardId: HubUuid });
