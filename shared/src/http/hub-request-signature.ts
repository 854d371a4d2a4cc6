/**
 * How a hub signs each request to the cloud: a fixed profile of HTTP Message Signatures
 * (RFC 9421) with an Ed25519 key (the one the hub registered when it paired) and the body's
 * SHA-256 in `Content-Digest` (RFC 9530). The signed components are always the same four,
 * `"@method" "@path" "@query" "content-digest"`, and the parameters always the same four:
 * `created` (Unix seconds), `nonce` (random, single use), `keyid` (the hub id) and
 * `alg="ed25519"`. Anything else is refused: a verifier that accepts a general signature
 * grammar lets a caller choose what it signs.
 *
 *   Content-Digest: sha-256=:<base64 of the body's SHA-256>:
 *   Signature-Input: hub=("@method" "@path" "@query" "content-digest");created=1764925200;nonce="…";keyid="<hub
 * id>";alg="ed25519"
 *   Signature: hub=:<base64 Ed25519 signature of the signature base>:
 *
 * Owns: the header formats, the signature base and the replay window. No I/O and no crypto
 * here (the hub and the cloud bring node:crypto): hashing and signing arrive as functions.
 * The cloud checks the window, remembers each nonce for it, and verifies against the key.
 */
import { uuidSource } from '../text/uuid.js';

/** A request signed longer ago (or later) than this is refused: clocks drift, replays do not last. */
export const hubSignatureWindowS = 300;
/** The one label used in Signature-Input and Signature. */
export const hubSignatureLabel = 'hub';
export const hubSignatureHeaders = {
  input: 'signature-input',
  signature: 'signature',
  digest: 'content-digest',
} as const;
const components = '("@method" "@path" "@query" "content-digest")';
const nonceSource = '[A-Za-z0-9_-]{22,64}';
/** Header values longer than this are not ours (a signature-input is about 200 characters). */
export const hubSignatureHeaderMaxChars = 400;

export interface HubSignatureParams {
  readonly created: number;
  readonly nonce: string;
  readonly keyId: string;
}

/** The inner list with its parameters, as written after `hub=` and as the last line of the base. */
export function hubSignatureParams(params: HubSignatureParams): string {
  return `${components};created=${String(params.created)};nonce="${params.nonce}";keyid="${params.keyId}";alg="ed25519"`;
}

/** `/path?query` split as RFC 9421 derives `@path` and `@query` (an absent query is `?`). */
function pathAndQuery(pathWithQuery: string): { path: string; query: string } {
  const at = pathWithQuery.indexOf('?');
  return at === -1
    ? { path: pathWithQuery, query: '?' }
    : { path: pathWithQuery.slice(0, at), query: pathWithQuery.slice(at) };
}

/** The exact bytes signed (RFC 9421 section 2.5). `pathWithQuery` is the request target as sent. */
export function hubSignatureBase(request: {
  method: string;
  pathWithQuery: string;
  contentDigest: string;
  params: string;
}): string {
  const { path, query } = pathAndQuery(request.pathWithQuery);
  return [
    `"@method": ${request.method.toUpperCase()}`,
    `"@path": ${path}`,
    `"@query": ${query}`,
    `"content-digest": ${request.contentDigest}`,
    `"@signature-params": ${request.params}`,
  ].join('\n');
}

export const formatContentDigest = (sha256Base64: string): string => `sha-256=:${sha256Base64}:`;

/** The SHA-256 (base64) of a Content-Digest value, or null when it is not exactly one sha-256 member. */
export function parseContentDigest(value: string | undefined): string | null {
  const match =
    value === undefined || value.length > hubSignatureHeaderMaxChars
      ? null
      : /^sha-256=:([A-Za-z0-9+/]{43}=):$/.exec(value);
  return match?.[1] ?? null;
}

/** The parameters of a Signature-Input in this profile (any order of the four), or null. */
export function parseHubSignatureInput(value: string | undefined): (HubSignatureParams & { params: string }) | null {
  if (value === undefined || value.length > hubSignatureHeaderMaxChars) return null;
  const prefix = `${hubSignatureLabel}=${components}`;
  if (!value.startsWith(prefix)) return null;
  const found = new Map<string, string>();
  const rest = value.slice(prefix.length);
  const member = new RegExp(
    `^;(created)=(\\d{1,12})|^;(nonce)="(${nonceSource})"|^;(keyid)="(${uuidSource})"|^;(alg)="(ed25519)"`,
  );
  let at = 0;
  while (at < rest.length) {
    const match = member.exec(rest.slice(at));
    if (match === null) return null;
    const name = match[1] ?? match[3] ?? match[5] ?? match[7] ?? '';
    if (found.has(name)) return null;
    found.set(name, match[2] ?? match[4] ?? match[6] ?? match[8] ?? '');
    at += match[0].length;
  }
  const created = found.get('created');
  const nonce = found.get('nonce');
  const keyId = found.get('keyid');
  if (created === undefined || nonce === undefined || keyId === undefined || !found.has('alg')) return null;
  return { created: Number(created), nonce, keyId, params: value.slice(`${hubSignatureLabel}=`.length) };
}

/** The signature bytes (base64) of a Signature header, or null. An Ed25519 signature is 64 bytes. */
export function parseHubSignature(value: string | undefined): string | null {
  const match =
    value === undefined || value.length > hubSignatureHeaderMaxChars
      ? null
      : new RegExp(`^${hubSignatureLabel}=:([A-Za-z0-9+/]{86}==):$`).exec(value);
  return match?.[1] ?? null;
}

/** What a signer needs from its platform (node:crypto on the hub and in tests). */
export interface HubRequestSigner {
  readonly hubId: string;
  /** Base64 SHA-256 of the body bytes. */
  sha256Base64(body: Uint8Array): string;
  /** Base64 Ed25519 signature of the UTF-8 signature base, with the hub's private key. */
  signBase64(base: string): string;
  /** A fresh random nonce (base64url, 22 to 64 characters). */
  nonce(): string;
}

/** The three headers that sign one request. `nowS`: the signer's estimate of the cloud's clock. */
export function hubRequestSignatureHeaders(
  signer: HubRequestSigner,
  request: { method: string; pathWithQuery: string; body?: Uint8Array | string | undefined; nowS: number },
): Record<string, string> {
  const body =
    request.body === undefined
      ? new Uint8Array(0)
      : typeof request.body === 'string'
        ? new TextEncoder().encode(request.body)
        : request.body;
  const contentDigest = formatContentDigest(signer.sha256Base64(body));
  const params = hubSignatureParams({ created: Math.floor(request.nowS), nonce: signer.nonce(), keyId: signer.hubId });
  const signature = signer.signBase64(
    hubSignatureBase({ method: request.method, pathWithQuery: request.pathWithQuery, contentDigest, params }),
  );
  return {
    [hubSignatureHeaders.digest]: contentDigest,
    [hubSignatureHeaders.input]: `${hubSignatureLabel}=${params}`,
    [hubSignatureHeaders.signature]: `${hubSignatureLabel}=:${signature}:`,
  };
}
