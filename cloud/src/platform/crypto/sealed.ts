/**
 * Sealing secrets at rest with AES-256-GCM under the master key (SPEC 3.12, 3.15): signing
 * keys, TOTP secrets, KYC documents. The master key lives outside the database (environment
 * or a 0600 file), so a copy of the database alone reveals nothing.
 *
 * Format: `v1.<iv>.<ciphertext+tag>` in base64url. The context string is authenticated
 * data: a value sealed for one column cannot be moved to another and still open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ivBytes = 12;
const tagBytes = 16;

export interface MasterKey {
  /** 32 bytes; never logged, never sent anywhere. */
  readonly bytes: Buffer;
}

export function seal(masterKey: MasterKey, context: string, plaintext: Uint8Array): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', masterKey.bytes, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

export function open(masterKey: MasterKey, context: string, sealed: string): Buffer {
  const [version, ivText, bodyText] = sealed.split('.');
  if (version !== 'v1' || ivText === undefined || bodyText === undefined)
    throw new Error('sealed value has an unknown format');
  const body = Buffer.from(bodyText, 'base64url');
  if (body.length < tagBytes) throw new Error('sealed value is truncated');
  const decipher = createDecipheriv('aes-256-gcm', masterKey.bytes, Buffer.from(ivText, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - tagBytes));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - tagBytes)), decipher.final()]);
}
