/**
 * Authenticates a hub's request (issue 20.2), for the access plugin's `access: 'hub'` routes:
 * the request is signed with the Ed25519 key the hub registered at pairing (the profile of RFC
 * 9421 in shared/http/hub-request-signature.ts), dated within `hubSignatureWindowS` of the
 * cloud's clock, its nonce not seen before (PostgreSQL primary key, so two racing copies cannot
 * both pass), and it carries the hub's token as a second factor. The body is checked against
 * the signed Content-Digest before it is parsed (`checkHubBody`).
 *
 * Why keep the token: the key pair and the token are separate secrets given at different
 * moments (the key never leaves the hub, the token travels once in the pairing answer); a leak
 * of one (a backup of the key file, a token seen in a proxy log) is not enough alone, and
 * revoking or replacing a hub clears both. The token alone never was enough: that was the hole.
 *
 * Never: trust a hub id, partner or time the request states without this check; answer which
 * of the factors failed beyond the stable codes (HUB_SIGNATURE_REQUIRED, HUB_SIGNATURE_INVALID,
 * HUB_SIGNATURE_EXPIRED, HUB_REQUEST_REPLAYED, UNAUTHENTICATED for an unknown or revoked hub).
 */
import { createHash, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AppError,
  hubSignatureBase,
  hubSignatureHeaders,
  hubSignatureWindowS,
  parseContentDigest,
  parseHubSignature,
  parseHubSignatureInput,
} from '@ismail/shared';
import type { Database } from '../db/database.js';
import { RateLimitCounter } from './rate-limit-store.js';
import { prunePresentations } from '../../modules/hubs/card-presentations.js';
import { hubAuthenticationRecord, type HubRecord } from '../../modules/hubs/registry.js';

/** How often expired nonces and old card presentations are pruned (per cloud process). */
const pruneEveryMs = 60_000;
/** Tokens are 43 characters (32 random bytes); anything far from that is not one. */
const tokenMaxChars = 100;
/**
 * Signed requests one hub may make a minute (across every cloud process). A counter makes a few a
 * second (pushes, long-polls of a handful of shapes, balances); this bounds what a hub gone
 * wrong, or a stolen key, can cost, and with it the rows of unexpired nonces it can leave.
 */
export const hubRequestsPerMinuteMax = 1_200;

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');
const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
};

export interface AuthenticatedHubRequest {
  readonly hub: HubRecord;
  /** The body's SHA-256 (base64) the hub signed: the body read must hash to it. */
  readonly bodySha256: string;
}

export class HubRequestAuthenticator {
  private lastPruneMs = 0;
  /** Requests per hub and minute, counted in PostgreSQL so every cloud process spends one budget (issue 29.4). */
  private readonly counts: RateLimitCounter;
  /** Public keys parsed once per hub and key (a JWK parse per request adds up). */
  private readonly keys = new Map<string, KeyObject>();

  private readonly requestsPerMinuteMax: number;

  constructor(
    private readonly db: Database,
    options: { readonly requestsPerMinuteMax?: number } = {},
  ) {
    this.requestsPerMinuteMax = options.requestsPerMinuteMax ?? hubRequestsPerMinuteMax;
    this.counts = new RateLimitCounter(db.pool);
  }

  async authenticate(
    request: { method: string; url: string; headers: Record<string, string | string[] | undefined> },
    nowMs = Date.now(),
  ): Promise<AuthenticatedHubRequest> {
    const input = header(request.headers, hubSignatureHeaders.input);
    const signatureHeader = header(request.headers, hubSignatureHeaders.signature);
    const digestHeader = header(request.headers, hubSignatureHeaders.digest);
    if (input === undefined || signatureHeader === undefined || digestHeader === undefined)
      throw new AppError('HUB_SIGNATURE_REQUIRED');
    const params = parseHubSignatureInput(input);
    const signature = parseHubSignature(signatureHeader);
    const bodySha256 = parseContentDigest(digestHeader);
    if (params === null || signature === null || bodySha256 === null)
      throw new AppError('HUB_SIGNATURE_INVALID', 'The hub signature headers are not in the expected form.');
    if (Math.abs(nowMs / 1000 - params.created) > hubSignatureWindowS) throw new AppError('HUB_SIGNATURE_EXPIRED');

    const authorization = header(request.headers, 'authorization');
    const token = authorization?.startsWith('Hub ') === true ? authorization.slice(4).trim() : '';
    const record =
      token.length === 0 || token.length > tokenMaxChars ? null : await hubAuthenticationRecord(this.db, params.keyId);
    const tokenMatches =
      record?.tokenHash != null && timingSafeEqual(Buffer.from(sha256Hex(token)), Buffer.from(record.tokenHash));
    if (record === null || record.hub.status !== 'active' || !tokenMatches)
      throw new AppError('UNAUTHENTICATED', 'This hub is not paired, was revoked, or its token is not this one.');

    const base = hubSignatureBase({
      method: request.method,
      pathWithQuery: request.url,
      contentDigest: digestHeader,
      params: params.params,
    });
    const key = this.publicKey(record.hub.id, record.publicKey);
    if (key === null || !verify(null, Buffer.from(base, 'utf8'), key, Buffer.from(signature, 'base64')))
      throw new AppError('HUB_SIGNATURE_INVALID');

    await this.countRequest(record.hub.id);
    // Only a correctly signed request spends a nonce: nobody else can fill the table.
    const expiresAt = new Date((params.created + hubSignatureWindowS) * 1000);
    const fresh = await this.db.pool.query(
      'INSERT INTO hub_request_nonces (hub_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [record.hub.id, params.nonce, expiresAt],
    );
    if (fresh.rowCount !== 1) throw new AppError('HUB_REQUEST_REPLAYED');
    await this.pruneNow(nowMs);
    return { hub: record.hub, bodySha256 };
  }

  private async countRequest(hubId: string): Promise<void> {
    // The bound is part of the key: an authenticator built with another bound (a test, a changed setting mid-minute)
    // counts afresh instead of judging another bound's count.
    const { hits } = await this.counts.hit(`hub-requests|${String(this.requestsPerMinuteMax)}|${hubId}`, 60_000);
    if (hits > this.requestsPerMinuteMax)
      throw new AppError('RATE_LIMITED', 'This hub sent too many requests this minute.');
  }

  private publicKey(hubId: string, jwk: unknown): KeyObject | null {
    const x = (jwk as { x?: unknown } | null)?.x;
    if (typeof x !== 'string') return null;
    const cacheKey = `${hubId}:${x}`;
    let key = this.keys.get(cacheKey);
    if (key === undefined) {
      try {
        key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
      } catch {
        return null;
      }
      // Bounded: one entry per paired key; a re-pairing adds one, so clear rather than grow.
      if (this.keys.size >= 10_000) this.keys.clear();
      this.keys.set(cacheKey, key);
    }
    return key;
  }

  private async pruneNow(nowMs: number): Promise<void> {
    if (nowMs - this.lastPruneMs < pruneEveryMs) return;
    this.lastPruneMs = nowMs;
    await this.db.pool.query('DELETE FROM hub_request_nonces WHERE expires_at < $1', [new Date(nowMs)]);
    await prunePresentations(this.db, nowMs);
  }
}

/**
 * The body of an authenticated hub request, read before any parser, checked against the
 * signed digest and handed on as a new stream. Bounded by the route's body limit.
 */
export async function checkHubBody(
  payload: NodeJS.ReadableStream,
  expectedSha256: string,
  limitBytes: number,
): Promise<Readable & { receivedEncodedLength: number }> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of payload) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    length += bytes.length;
    if (length > limitBytes) throw new AppError('PAYLOAD_TOO_LARGE');
    chunks.push(bytes);
  }
  const body = Buffer.concat(chunks, length);
  const actual = createHash('sha256').update(body).digest();
  const expected = Buffer.from(expectedSha256, 'base64');
  if (expected.length !== actual.length || !timingSafeEqual(actual, expected))
    throw new AppError('HUB_SIGNATURE_INVALID', 'The body is not the one the hub signed.');
  const stream = Readable.from(length === 0 ? [] : [body]) as Readable & { receivedEncodedLength: number };
  stream.receivedEncodedLength = length;
  return stream;
}
