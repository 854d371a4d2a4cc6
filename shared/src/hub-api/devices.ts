/**
 * The hub's devices area of its local API: devices on the shop LAN (registered by a manager,
 * enrolled with a one-time code and a CSR, revoked), their events, positions and alarms,
 * commands to them, the device broker's counters, and door unlocks at reception.
 */
import { Type, type Static } from '@sinclair/typebox';
import { MultiLine } from '../text/control-characters.js';
import { hubObject, HubCardToken, HubCount, HubInstant, HubUuid, hubNullable } from './common.js';

export const hubDeviceTypes = ['rfid_reader', 'door_lock', 'alarm', 'gps_tracker'] as const;
export type HubDeviceType = (typeof hubDeviceTypes)[number];

export const HubDeviceParamsSchema = hubObject({ deviceId: HubUuid });
export const HubDeviceRegisterRequestSchema = hubObject({
  type: Type.Union(hubDeviceTypes.map((t) => Type.Literal(t))),
  name: Type.String({ minLength: 1, maxLength: 80 }),
  /** A door lock's hotel room (a booking unit). */
  unitId: Type.Optional(HubUuid),
  /** Or a door lock's property (real estate): it opens for that property's confirmed visitors. */
  propertyId: Type.Optional(HubUuid),
});
/** A PEM CSR: line feeds are its format. */
export const HubDeviceEnrolRequestSchema = hubObject({
  code: Type.String({ pattern: '^[A-Za-z0-9]{10}$' }),
  csr: MultiLine({ minLength: 100, maxLength: 8000 }),
});
export const HubDeviceRevokeRequestSchema = hubObject({ reason: Type.String({ minLength: 1, maxLength: 300 }) });
export const HubDeviceCommandRequestSchema = hubObject({
  name: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,39}$' }),
  payload: Type.Optional(Type.Unknown()),
});
export const HubDoorUnlockRequestSchema = hubObject({
  token: HubCardToken,
  requestId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' })),
});
export const hubLimitQuery = (maximum: number) =>
  hubObject({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum })) });

export const HubDeviceSchema = hubObject({
  id: HubUuid,
  type: Type.Union(hubDeviceTypes.map((t) => Type.Literal(t))),
  name: Type.String({ maxLength: 80 }),
  unitId: hubNullable(HubUuid),
  propertyId: hubNullable(HubUuid),
  state: Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('revoked')]),
  certSerial: hubNullable(Type.String({ maxLength: 100 })),
  certExpiresAt: hubNullable(HubInstant),
  lastSeenAt: hubNullable(HubInstant),
});
export type HubDevice = Static<typeof HubDeviceSchema>;
export const HubDeviceListSchema = hubObject({ devices: Type.Array(HubDeviceSchema, { maxItems: 500 }) });
/** The one-time code is shown once, here: the device enrols with it before `expiresAt`. */
export const HubDeviceRegisteredSchema = hubObject({
  device: HubDeviceSchema,
  enrolCode: Type.String({ maxLength: 10 }),
  expiresAt: HubInstant,
});
const Pem = Type.String({ maxLength: 20_000 });
export const HubDeviceEnrolledSchema = hubObject({
  certificatePem: Pem,
  caCertificatePem: Pem,
  serial: Type.String({ maxLength: 100 }),
  expiresAt: HubInstant,
  /** Where the device connects (MQTT over TLS); null while the broker is not running. */
  broker: hubObject({ port: hubNullable(Type.Integer({ minimum: 1, maximum: 65535 })) }),
});

export const HubDeviceEventsSchema = hubObject({
  events: Type.Array(
    hubObject({ seq: HubCount, topic: Type.String({ maxLength: 500 }), payload: Type.String(), at: HubInstant }),
    { maxItems: 500 },
  ),
});
export const HubDevicePositionsSchema = hubObject({
  positions: Type.Array(
    hubObject({ lat: Type.Number(), lon: Type.Number(), speedKmh: hubNullable(Type.Number()), at: HubInstant }),
    { maxItems: 1000 },
  ),
});
export const HubDeviceAlarmsSchema = hubObject({
  alarms: Type.Array(
    hubObject({
      deviceId: HubUuid,
      deviceName: Type.String({ maxLength: 80 }),
      kind: Type.String({ maxLength: 100 }),
      message: hubNullable(Type.String({ maxLength: 1000 })),
      at: HubInstant,
      sentToCloud: Type.Boolean(),
    }),
    { maxItems: 200 },
  ),
});
export const HubDeviceCommandSentSchema = hubObject({ sent: Type.Literal(true) });

/** The broker's counters: refusals (each also logged with the device and topic) and writes. */
export const HubBrokerStatsSchema = Type.Union([
  hubObject({ running: Type.Literal(false) }),
  hubObject({
    running: Type.Literal(true),
    port: Type.Integer({ minimum: 0, maximum: 65535 }),
    refusedConnections: HubCount,
    refusedPublishes: HubCount,
    refusedSubscriptions: HubCount,
    written: HubCount,
    commandsRefused: HubCount,
    commandsInFlight: HubCount,
  }),
]);

/**
 * A door's answer: 200 when it opens (until the stay's check-out day), 403 with the reason
 * when it stays shut. A request id answered before gives the first decision again, with the
 * reservation and day left empty.
 */
export const HubDoorUnlockedSchema = hubObject({
  unlocked: Type.Literal(true),
  requestId: Type.String({ maxLength: 64 }),
  /** The stay it opens for (a room's lock); empty for a property's lock. */
  reservationId: Type.String({ maxLength: 36 }),
  /** The visit it opens for (a property's lock). */
  visitId: Type.Optional(Type.String({ maxLength: 36 })),
  /** The stay's check-out day (YYYY-MM-DD), or the visit's end (an ISO instant). */
  until: Type.String({ maxLength: 40 }),
});
export const HubDoorRefusedSchema = hubObject({
  unlocked: Type.Literal(false),
  requestId: Type.String({ maxLength: 64 }),
  reason: Type.String({ maxLength: 300 }),
});
