/**
 * Authenticator codes checked at a hub's counter while the cloud is out of reach (issue 20.7).
 *
 * The choice: the hub never receives the TOTP secret, sealed or not. A secret on the hub's
 * disk (even sealed with a key that lives on the same machine) would let whoever copies the
 * disk and guesses the password produce codes for the cloud forever. Instead, when a person
 * signs in online at a hub with a code, the cloud sends that hub a verifier table for the
 * offline window only (`hubStaffOfflineTtlS`, from the step after the one just used):
 *
 *   key      = scrypt(password, salt)                    (salt random per issuance)
 *   digest_s = HMAC-SHA256(key, "step:code_s")[0..3)     for every 30 s step s of the window
 *
 * Offline, the hub derives the key from the password typed and looks up the code typed at
 * the current step (one either side). So the table is useless without the password (the same
 * scrypt cost as cracking the hub's password verifier), reveals at most the codes of the
 * remaining window (never the secret, never a code past the window), and is tied to one hub
 * (only that hub receives it). 3-byte digests: a random code matches one of the three steps
 * checked with odds of about 1 in 5.6 million, below the code's own 1 in 333,000.
 *
 * Honest limit: a hub that sees the password (every hub does, it forwards it) can recover the
 * window's codes from the table by trying the 10^6 codes of each step. Offline verification
 * with no secret-holding hardware cannot do better; the window bounds it.
 *
 * Pure: the platform brings its crypto (`OfflineTotpCrypto`: node:crypto at the cloud and the
 * hub, see cloud/src/modules/identity/offline-totp-crypto.ts and hub/src/staff/offline-totp-crypto.ts).
 * The cloud builds tables, the hub matches codes, with the same functions.
 */
import { Type, type Static } from '@sinclair/typebox';
import { hubStaffOfflineTtlS } from './hub-staff.js';

export const totpPeriodS = 30;
/** Steps accepted either side of the current one (a phone clock a little off), as online. */
export const offlineTotpWindowSteps = 1;
export const offlineTotpDigestBytes = 3;
/** The whole offline window, plus the steps either side. */
export const offlineTotpSteps = Math.ceil(hubStaffOfflineTtlS / totpPeriodS) + 2 * offlineTotpWindowSteps;
/** scrypt of the key: 16 MiB per derivation, the cost of the hub's own password verifier (~40 ms at the counter). */
export const offlineTotpKeyCost = { N: 2 ** 14, r: 8, p: 1, keyBytes: 32, maxmemBytes: 64 * 1024 * 1024 } as const;
export const offlineTotpSaltBytes = 16;

const base64urlLength = (bytes: number): number => Math.ceil((bytes * 4) / 3);

export const OfflineTotpTableSchema = Type.Object(
  {
    salt: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$', description: '16 random bytes, base64url' }),
    firstStep: Type.Integer({ minimum: 0, description: 'The 30 s step of the first digest (Unix time / 30)' }),
    digests: Type.String({
      pattern: '^[A-Za-z0-9_-]*$',
      maxLength: base64urlLength(offlineTotpSteps * offlineTotpDigestBytes),
      description: '3 bytes per step, base64url',
    }),
  },
  {
    additionalProperties: false,
    description: 'What a hub needs to check this person’s authenticator codes offline; never the secret',
  },
);
/** As sent over the wire (base64url strings). */
export type OfflineTotpTable = Static<typeof OfflineTotpTableSchema>;

/** What these functions need from the platform. */
export interface OfflineTotpCrypto {
  hmac(algorithm: 'sha1' | 'sha256', key: Uint8Array, message: Uint8Array): Uint8Array;
  /** scrypt with `offlineTotpKeyCost`, of the password in NFC. */
  scrypt(password: string, salt: Uint8Array): Promise<Uint8Array>;
  /** Constant-time equality of two byte strings of the same length. */
  equal(a: Uint8Array, b: Uint8Array): boolean;
  /** Lets other work run between batches of a table (a week of steps is ~40,000 HMACs, a few hundred ms). */
  pause?(): Promise<void>;
}

/** Steps computed between pauses: a few milliseconds of work, so the cloud's other requests are not held. */
const stepsPerBatch = 256;

export const totpStepAt = (atMs: number): number => Math.floor(atMs / 1000 / totpPeriodS);

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0x7f);

/** RFC 4226 HOTP, 6 digits, HMAC-SHA1: what authenticator apps compute for TOTP (RFC 6238) at a step. */
export function hotpCode(crypto: OfflineTotpCrypto, secret: Uint8Array, counter: number): string {
  const message = new Uint8Array(8);
  new DataView(message.buffer).setBigUint64(0, BigInt(counter));
  const mac = crypto.hmac('sha1', secret, message);
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = new DataView(mac.buffer, mac.byteOffset, mac.byteLength).getUint32(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

const digestOf = (crypto: OfflineTotpCrypto, key: Uint8Array, step: number, code: string): Uint8Array =>
  crypto.hmac('sha256', key, ascii(`${String(step)}:${code}`)).slice(0, offlineTotpDigestBytes);

/** Cloud side: the digests of `steps` steps from `firstStep`, keyed on the password just accepted. */
export async function offlineTotpDigests(
  crypto: OfflineTotpCrypto,
  input: { secret: Uint8Array; password: string; salt: Uint8Array; firstStep: number; steps?: number },
): Promise<Uint8Array> {
  const steps = input.steps ?? offlineTotpSteps;
  const key = await crypto.scrypt(input.password, input.salt);
  const digests = new Uint8Array(steps * offlineTotpDigestBytes);
  for (let i = 0; i < steps; i++) {
    if (i > 0 && i % stepsPerBatch === 0) await crypto.pause?.();
    digests.set(
      digestOf(crypto, key, input.firstStep + i, hotpCode(crypto, input.secret, input.firstStep + i)),
      i * offlineTotpDigestBytes,
    );
  }
  return digests;
}

/**
 * Hub side: the step whose code this is (the current step or one either side, inside the
 * table), or undefined. `key` is `crypto.scrypt(password typed, table salt)`. The caller
 * still claims the step (compare-and-set) so a code is accepted once.
 */
export function matchOfflineTotp(
  crypto: OfflineTotpCrypto,
  key: Uint8Array,
  table: { readonly firstStep: number; readonly digests: Uint8Array },
  code: string,
  atMs: number,
): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const now = totpStepAt(atMs);
  let found: number | undefined;
  // Every candidate is compared (no early exit): the time taken says nothing about which matched.
  for (let step = now - offlineTotpWindowSteps; step <= now + offlineTotpWindowSteps; step++) {
    const index = step - table.firstStep;
    if (index < 0 || (index + 1) * offlineTotpDigestBytes > table.digests.length) continue;
    const expected = table.digests.subarray(index * offlineTotpDigestBytes, (index + 1) * offlineTotpDigestBytes);
    if (crypto.equal(expected, digestOf(crypto, key, step, code)) && found === undefined) found = step;
  }
  return found;
}
