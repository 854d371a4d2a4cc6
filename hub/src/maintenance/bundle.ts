/**
 * Encrypted bundles of a hub's unsynced work (SPEC 3.8: safe shutdown and replacement).
 *
 * A bundle holds the pending outbox entries with the rows they came with (invoices, sales,
 * top-ups, wallet charges), the invoice series counters and the last sequence number, so a
 * replacement machine paired as the same hub continues exactly where this one stopped; the
 * cloud's exactly-once rules make a bundle imported twice, or pushed by both machines,
 * harmless.
 *
 * Format: "ISMAILB1" | salt (16) | nonce (12) | tag (16) | AES-256-GCM(gzip(JSON)), the key
 * derived from the operator's passphrase with scrypt (N=2^15, r=8): Node's own primitives,
 * authenticated, the header bound as associated data. Nothing in it is readable or
 * changeable without the passphrase.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { AppError, hubBundlePassphraseMinChars } from '@ismail/shared';

const magic = Buffer.from('ISMAILB1', 'ascii');
const saltBytes = 16;
const nonceBytes = 12;
const tagBytes = 16;
const scryptCost = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
/** A week offline at a busy counter is well under this; the import refuses anything larger. */
export const bundleMaxBytes = 64 * 1024 * 1024;
export const passphraseMinChars = hubBundlePassphraseMinChars;

/** Tables whose rows travel with their outbox entries, in the order they are written back. */
export const bundledTables = ['outbox', 'hub_invoices', 'counter_sales', 'cash_top_ups', 'wallet_charges'] as const;
export type BundledTable = (typeof bundledTables)[number];

export interface BundleContent {
  readonly v: 1;
  readonly hubId: string;
  readonly partnerId: string;
  readonly exportedAt: string;
  /** The highest sequence this hub ever used: the replacement continues after it. */
  readonly lastSeq: number;
  readonly series: readonly { series: string; last_number: number }[];
  readonly rows: Readonly<Record<BundledTable, readonly Record<string, unknown>[]>>;
}

function keyFor(passphrase: string, salt: Buffer): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, scryptCost);
}

export function sealBundle(content: BundleContent, passphrase: string): { bytes: Buffer; sha256: string } {
  if (passphrase.length < passphraseMinChars)
    throw new AppError(
      'VALIDATION_FAILED',
      `The passphrase must have at least ${String(passphraseMinChars)} characters.`,
    );
  const salt = randomBytes(saltBytes);
  const nonce = randomBytes(nonceBytes);
  const cipher = createCipheriv('aes-256-gcm', keyFor(passphrase, salt), nonce);
  cipher.setAAD(magic);
  const sealed = Buffer.concat([cipher.update(gzipSync(JSON.stringify(content))), cipher.final()]);
  const bytes = Buffer.concat([magic, salt, nonce, cipher.getAuthTag(), sealed]);
  if (bytes.length > bundleMaxBytes)
    throw new AppError('PAYLOAD_TOO_LARGE', 'This bundle would be larger than a replacement hub accepts.');
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export function openBundle(bytes: Buffer, passphrase: string): BundleContent {
  const header = magic.length + saltBytes + nonceBytes + tagBytes;
  if (bytes.length <= header || !bytes.subarray(0, magic.length).equals(magic))
    throw new AppError('VALIDATION_FAILED', 'This is not an ISMAIL hub bundle.');
  const saltAt = magic.length;
  const nonceAt = saltAt + saltBytes;
  const tagAt = nonceAt + nonceBytes;
  const decipher = createDecipheriv(
    'aes-256-gcm',
    keyFor(passphrase, bytes.subarray(saltAt, nonceAt)),
    bytes.subarray(nonceAt, tagAt),
  );
  decipher.setAAD(magic);
  decipher.setAuthTag(bytes.subarray(tagAt, header));
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(bytes.subarray(header)), decipher.final()]);
  } catch {
    throw new AppError('VALIDATION_FAILED', 'This bundle cannot be opened with this passphrase (or it was altered).');
  }
  const content = JSON.parse(
    gunzipSync(plain, { maxOutputLength: bundleMaxBytes * 8 }).toString('utf8'),
  ) as BundleContent;
  if (
    content.v !== 1 ||
    typeof content.hubId !== 'string' ||
    !Number.isSafeInteger(content.lastSeq) ||
    typeof content.rows !== 'object'
  )
    throw new AppError('VALIDATION_FAILED', 'This bundle’s content is not one this hub understands.');
  return content;
}
