/**
 * Customer lookup at the counter (issue 28.4): staff find a client by a typed ISMAIL ID (look-alikes
 * normalised) or phone number, to top their wallet up with cash or to see their card's status. The
 * answer is the minimum (no credential, no account id): it can never pay; a wallet payment still
 * needs the card or the app's dynamic QR. The cloud answers only for active client accounts, by
 * exact match, rate-limited per hub and audited (cloud/src/modules/hubs/customer-lookup-routes.ts).
 */
import { Type, type Static } from '@sinclair/typebox';
import { parseIsmailId } from '../identity/ismail-id.js';
import { hubNullable, hubObject, HubUuid } from './common.js';

/** What staff may type: an ISMAIL ID with spaces, or a phone number with its separators. */
export const customerQueryMaxChars = 40;

/** What a typed query is: an ISMAIL ID (canonical), a phone number (digits and a leading +), or neither. */
export type CustomerQuery =
  | { readonly by: 'ismail-id'; readonly value: string }
  | { readonly by: 'phone'; readonly value: string }
  | { readonly by: 'invalid' };

/** Reads a typed query as the one kind of identifier it can be (exact match only: no prefix, no name). */
export function classifyCustomerQuery(typed: string): CustomerQuery {
  const text = typed.trim();
  if (text.length === 0 || text.length > customerQueryMaxChars) return { by: 'invalid' };
  const id = parseIsmailId(text);
  if (id.ok) return { by: 'ismail-id', value: id.id };
  const digits = text.replace(/[\s.()/-]/g, '');
  // 8 to 15 digits (E.164), a leading + or 00 for the country code; the cloud reads it for Côte d'Ivoire.
  return /^\+?[0-9]{8,17}$/.test(digits) ? { by: 'phone', value: digits } : { by: 'invalid' };
}

export const HubCustomerLookupRequestSchema = hubObject({
  query: Type.String({ minLength: 1, maxLength: customerQueryMaxChars }),
});
export type HubCustomerLookupRequest = Static<typeof HubCustomerLookupRequestSchema>;

/** The client’s card as the cloud knows it now: in force, suspended, or none (never issued, revoked, expired). */
export const customerCardStatuses = ['active', 'suspended', 'none'] as const;
export type CustomerCardStatus = (typeof customerCardStatuses)[number];

export const CustomerSummarySchema = hubObject({
  ismailId: Type.String({ maxLength: 40 }),
  displayName: Type.String({ maxLength: 200 }),
  /** "+225 07 •• •• •• 07": enough for the client to recognise their number, not to read it off the screen. */
  maskedPhone: hubNullable(Type.String({ maxLength: 40 })),
  cardStatus: Type.Union(customerCardStatuses.map((s) => Type.Literal(s))),
  /** An approved KYC photo exists: the counter shows it when the card itself is scanned. */
  photoOnFile: Type.Boolean(),
});
export type CustomerSummary = Static<typeof CustomerSummarySchema>;

/**
 * Found (checked by the cloud), or, with the cloud out of reach, a typed ISMAIL ID taken as written:
 * usable for a cash top-up (the cloud resolves it when the outbox drains), its holder not checked.
 */
export const HubCustomerLookupResponseSchema = Type.Union([
  hubObject({ status: Type.Literal('found'), customer: CustomerSummarySchema }),
  hubObject({ status: Type.Literal('unchecked'), ismailId: Type.String({ maxLength: 40 }) }),
]);
export type HubCustomerLookupResponse = Static<typeof HubCustomerLookupResponseSchema>;

/** Cash for credits for a client found by lookup (or typed offline): by ISMAIL ID, normalised again by the hub. */
export const HubCustomerTopUpRequestSchema = hubObject({
  id: HubUuid,
  ismailId: Type.String({ minLength: 5, maxLength: customerQueryMaxChars }),
  amountXof: Type.Integer({ minimum: 1, maximum: 2_000_000 }),
});
export type HubCustomerTopUpRequest = Static<typeof HubCustomerTopUpRequestSchema>;

/** What the hub asks the cloud (signed hub request): the staff account is the hub's claim, audited as such. */
export const CloudCustomerLookupRequestSchema = hubObject({
  by: Type.Union([Type.Literal('ismail-id'), Type.Literal('phone')]),
  value: Type.String({ minLength: 5, maxLength: customerQueryMaxChars }),
  staffAccountId: Type.String({ minLength: 1, maxLength: 80 }),
});
export type CloudCustomerLookupRequest = Static<typeof CloudCustomerLookupRequestSchema>;
