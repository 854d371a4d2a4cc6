/**
 * The hub's policy (SPEC 3.8): what a paired hub may do on its own while the cloud is out of
 * reach, decided by the cloud and signed with its card key so the hub (which already trusts
 * those keys for cards) can check it offline and staff cannot raise a ceiling by editing the
 * SQLite file. It also carries what an offline invoice needs: the establishment's seller
 * identity, the hub's own invoice register and the credit rate.
 *
 * The `typ` header keeps a policy from ever passing as a card or a revocation list (and the
 * other way round) although the same key signs all three.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CompactSign, compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { cardSigningAlgorithm, type CardSigningKey } from '../cards/credential.js';
import { SellerSchema } from '../invoicing/invoice.js';
import { UuidSchema as Uuid } from '../text/uuid.js';

export const hubPolicyJwsType = 'ismail-hub-policy+jwt';
/** A policy is re-signed at every pull; past this it no longer authorises offline wallet debits. */
export const hubPolicyTtlS = 14 * 24 * 3600;
/**
 * An offline wallet payment relies on a card revocation list at most this old: past it the hub
 * refuses offline wallet payments (a card revoked since may still pass), and the cloud refuses
 * a payment that says it relied on an older one.
 */
export const offlineRevocationListMaxAgeS = 3 * 24 * 3600;
/** Clock difference tolerated between a hub and the cloud when a money operation is dated. */
export const hubClockLeewayS = 300;

/** The UTC day (YYYY-MM-DD) a hub's money operation counts in, the same at the hub and in the cloud. */
export function hubDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export const HubPolicySchema = Type.Object(
  {
    v: Type.Literal(1),
    hub: Uuid,
    partner: Uuid,
    iat: Type.Integer({ minimum: 0 }),
    exp: Type.Integer({ minimum: 0 }),
    /** The hub's invoice register: its invoices are numbered F-<REGISTER>-<year>-<n> without the cloud. */
    register: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,40}$' }),
    seller: SellerSchema,
    /** FCFA per credit in the establishment's country (wallet payments convert at this rate). */
    xofPerCredit: Type.Integer({ minimum: 1, maximum: 100_000 }),
    /**
     * Accounts that may sign in at this counter (owner and selling staff); a cached password of anyone else is
     * forgotten.
     */
    staff: Type.Array(Uuid, { maxItems: 500 }),
    offline: Type.Object(
      {
        /** The most one offline wallet debit may take. */
        perTransactionCentiCredits: Type.Integer({ minimum: 0 }),
        /** The most one wallet may be debited offline at this hub in a day (UTC day, as the cloud counts it). */
        perWalletPerDayCentiCredits: Type.Integer({ minimum: 0 }),
        /** The most this hub may debit from all wallets offline in a day (UTC). */
        perHubPerDayCentiCredits: Type.Integer({ minimum: 0 }),
        /** The most cash this hub's drawer may sell for credits in a day (UTC), online or not. */
        cashTopUpPerDayXof: Type.Integer({ minimum: 0 }),
        /** Which ceilings these are: a wallet payment names it, the cloud judges it by them. */
        version: Type.Integer({ minimum: 1 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type HubPolicy = Static<typeof HubPolicySchema>;

export async function signHubPolicy(policy: HubPolicy, key: CardSigningKey): Promise<string> {
  if (!Value.Check(HubPolicySchema, policy)) throw new RangeError('hub policy does not match its schema');
  return new CompactSign(new TextEncoder().encode(JSON.stringify(policy)))
    .setProtectedHeader({ alg: cardSigningAlgorithm, kid: key.kid, typ: hubPolicyJwsType })
    .sign(key.privateKey);
}

/** Verifies a policy for this hub; throws when it is not genuine, not this hub's, or malformed. */
export async function verifyHubPolicy(token: string, keys: JSONWebKeySet, hubId: string): Promise<HubPolicy> {
  const { payload, protectedHeader } = await compactVerify(token, createLocalJWKSet(keys), {
    algorithms: [cardSigningAlgorithm],
  });
  if (protectedHeader.typ !== hubPolicyJwsType)
    throw new Error(`not a hub policy (typ ${String(protectedHeader.typ)})`);
  const policy: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  if (!Value.Check(HubPolicySchema, policy)) throw new Error('hub policy does not match its schema');
  if (policy.hub !== hubId) throw new Error('this policy was signed for another hub');
  return policy;
}

/** Centi-credits a payment of `amountXof` takes from a wallet: rounded up, never less than the price. */
export function walletChargeCentiCredits(amountXof: number, xofPerCredit: number): number {
  if (!Number.isSafeInteger(amountXof) || amountXof < 0) throw new RangeError('amountXof must be a whole number ≥ 0');
  return Math.ceil((amountXof * 100) / xofPerCredit);
}

/** Invoice numbers, the same at the hub and in the cloud: F-<REGISTER>-<year>-<000001>, AV- for credit notes. */
export function invoiceNumber(
  kind: 'invoice' | 'credit_note',
  register: string,
  year: number,
  sequence: number,
): string {
  return `${kind === 'invoice' ? 'F' : 'AV'}-${register.toUpperCase()}-${String(year)}-${String(sequence).padStart(6, '0')}`;
}

/** The most terminals one hub may pair (its own screen is not one of them). */
export const hubTerminalsMax = 99;

/** A paired terminal's invoice register: the hub's register and the terminal's number, e.g. HB7D05528-T2. */
export function terminalRegister(hubRegister: string, terminalNumber: number): string {
  if (!Number.isInteger(terminalNumber) || terminalNumber < 1 || terminalNumber > hubTerminalsMax)
    throw new RangeError(`a terminal number is 1 to ${String(hubTerminalsMax)}`);
  return `${hubRegister.toUpperCase()}-T${String(terminalNumber)}`;
}

/**
 * The register a hub's document was numbered in: the hub's own, or one of its terminals' (`terminalRegister`);
 * null when the document names a register that is not this hub's (the cloud refuses it).
 */
export function documentRegister(hubRegister: string, claimed: string | undefined): string | null {
  if (claimed === undefined) return hubRegister;
  const match = /^(.+)-T([1-9]\d?)$/.exec(claimed.toUpperCase());
  if (match === null || match[1] !== hubRegister.toUpperCase()) return null;
  return terminalRegister(hubRegister, Number(match[2]));
}
