/**
 * Terminals on the shop LAN (issue 28): other machines paired to one hub that sell through it.
 * A manager on the hub's own screen makes a one-time pairing code (also as a QR of the pairing
 * address); the terminal sends it once and gets its number, its invoice register and a device
 * token (an HttpOnly cookie for a browser). Staff then sign in on that terminal.
 */
import { Type, type Static } from '@sinclair/typebox';
import { hubObject, HubInstant, HubUuid } from './common.js';
import { HubSignInRequestSchema } from './staff.js';

/** How long a pairing code may be used: long enough to walk to the other machine. */
export const terminalPairingCodeTtlS = 300;
/** Digits of a pairing code (typed on a tablet, or read from the QR). */
export const terminalPairingCodeDigits = 8;

export const HubPairingCodeSchema = hubObject({
  code: Type.String({ pattern: '^[0-9]{8}$' }),
  expiresAt: HubInstant,
  /** The address a terminal opens to pair (its QR): the hub's LAN address with the code; null when the LAN is off. */
  pairUrl: Type.Union([Type.String({ maxLength: 300 }), Type.Null()]),
  /** The QR of `pairUrl` as an SVG document; null when the LAN is off. */
  qrSvg: Type.Union([Type.String({ maxLength: 50_000 }), Type.Null()]),
});
export type HubPairingCode = Static<typeof HubPairingCodeSchema>;

export const HubPairRequestSchema = hubObject({
  code: Type.String({ minLength: 1, maxLength: 20 }),
  label: Type.String({ minLength: 1, maxLength: 60 }),
});

const terminal = {
  id: Type.String({ maxLength: 36 }),
  number: Type.Integer({ minimum: 1, maximum: 99 }),
  label: Type.String({ maxLength: 60 }),
  /** Its invoice register: the hub's with -T<number> (null until the hub is paired with the cloud). */
  register: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
  pairedAt: HubInstant,
  revokedAt: Type.Union([HubInstant, Type.Null()]),
};
export const HubTerminalSchema = hubObject(terminal);
export type HubTerminal = Static<typeof HubTerminalSchema>;

export const HubPairResponseSchema = hubObject({
  terminal: HubTerminalSchema,
  /** The device token (also set as an HttpOnly cookie): send it as `x-ismail-terminal` when not a browser. */
  token: Type.String({ maxLength: 100 }),
});
export type HubPairResponse = Static<typeof HubPairResponseSchema>;

export const HubTerminalListSchema = hubObject({ terminals: Type.Array(HubTerminalSchema, { maxItems: 99 }) });

/** Where this screen runs: the hub's own (loopback) or a paired terminal. */
export const HubThisTerminalSchema = hubObject({
  kind: Type.Union([Type.Literal('hub'), Type.Literal('terminal')]),
  terminal: Type.Union([HubTerminalSchema, Type.Null()]),
});
export type HubThisTerminal = Static<typeof HubThisTerminalSchema>;

export const HubTerminalSignInRequestSchema = HubSignInRequestSchema;

export const HubStockCountRequestSchema = hubObject({
  onHand: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
});
export const HubStockCountSchema = hubObject({
  productId: Type.String({ maxLength: 36 }),
  onHand: Type.Integer({ minimum: 0 }),
  countedAt: HubInstant,
});

export const HubTerminalParamsSchema = hubObject({ terminalId: HubUuid });
export const HubStockParamsSchema = hubObject({ productId: HubUuid });
export const HubTerminalRevokeResponseSchema = hubObject({ revoked: Type.Literal(true) });
