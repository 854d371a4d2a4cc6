/**
 * Signed document links (issue 27): `/v1/documents/<id>/content?link=<token>`, the token naming the document, the one
 * account allowed to use it and its expiry, authenticated by HMAC-SHA256 under a key derived from the master key
 * (HKDF, info 'document-links'), so a database copy alone cannot mint links and no link table is needed.
 *
 * Token: base64url(16 bytes document id, 16 bytes viewer id, 8 bytes expiry in ms) "." base64url(HMAC of the
 * first part).
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { MasterKey } from '../crypto/sealed.js';
import type { DocumentLinks } from './types.js';

export const defaultLinkTtlMs = 10 * 60_000;
export const maxLinkTtlMs = 60 * 60_000;

export type LinkCheck =
  | { readonly ok: true; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: 'invalid' | 'not_yours' | 'expired' };

const uuidToBytes = (id: string): Buffer => Buffer.from(id.replace(/-/g, ''), 'hex');
const bytesToUuid = (b: Buffer): string => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function documentLinkKey(masterKey: MasterKey): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey.bytes, Buffer.alloc(0), 'document-links', 32));
}

export class SignedDocumentLinks implements DocumentLinks {
  constructor(
    private readonly key: Buffer,
    private readonly now: () => Date,
  ) {}

  sign(input: { readonly documentId: string; readonly viewerAccountId: string; readonly ttlMs?: number }): string {
    const { documentId } = input;
    return `/v1/documents/${documentId}/content?link=${this.token(input).token}`;
  }

  /** The token and its expiry (the route answers both). */
  token(input: { readonly documentId: string; readonly viewerAccountId: string; readonly ttlMs?: number }): {
    token: string;
    expiresAt: Date;
  } {
    const ttlMs = input.ttlMs ?? defaultLinkTtlMs;
    if (!(ttlMs > 0 && ttlMs <= maxLinkTtlMs)) throw new RangeError('a document link lives 1 ms to 60 minutes');
    if (!uuidPattern.test(input.documentId) || !uuidPattern.test(input.viewerAccountId))
      throw new RangeError('a document link names a document and an account by their uuid');
    const expiresAt = new Date(this.now().getTime() + ttlMs);
    const expiry = Buffer.alloc(8);
    expiry.writeBigUInt64BE(BigInt(expiresAt.getTime()));
    const payload = Buffer.concat([uuidToBytes(input.documentId), uuidToBytes(input.viewerAccountId), expiry]);
    const body = payload.toString('base64url');
    return { token: `${body}.${this.mac(body).toString('base64url')}`, expiresAt };
  }

  /** Checks a token for a document and the signed-in viewer: authenticity first, then whose, then when. */
  verify(token: string, documentId: string, viewerAccountId: string): LinkCheck {
    const [body, macText, extra] = token.split('.');
    if (body === undefined || macText === undefined || extra !== undefined) return { ok: false, reason: 'invalid' };
    const given = Buffer.from(macText, 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
    const payload = Buffer.from(body, 'base64url');
    if (payload.length !== 40) return { ok: false, reason: 'invalid' };
    if (bytesToUuid(payload.subarray(0, 16)) !== documentId.toLowerCase()) return { ok: false, reason: 'invalid' };
    if (bytesToUuid(payload.subarray(16, 32)) !== viewerAccountId.toLowerCase())
      return { ok: false, reason: 'not_yours' };
    const expiresAtMs = Number(payload.readBigUInt64BE(32));
    if (expiresAtMs <= this.now().getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, expiresAt: new Date(expiresAtMs) };
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(`document-link:${body}`).digest();
  }
}
