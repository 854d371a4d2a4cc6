// The suite's own hub identity at the cloud: a "conformance hub" registered for a partner with
// the operator token and paired through the public flow (POST /v1/hubs/pair with a fresh
// Ed25519 key), exactly as a real hub pairs. A fresh one per run: its sequence starts at 1,
// so ordering checks know what the cloud expects, and no real hub's outbox is touched.
//
// Requests are signed here from the documented profile (RFC 9421 with Ed25519, RFC 9530
// Content-Digest; see shared/src/http/hub-request-signature.ts), written again on purpose
// rather than imported: a cloud that drifts from its own documentation fails here.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

const components = '("@method" "@path" "@query" "content-digest")';

export function signatureHeaders({ hubId, privateKey }, { method, pathWithQuery, body, createdS, nonce }) {
  const digest = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
  const params = `${components};created=${String(createdS)};nonce="${nonce}";keyid="${hubId}";alg="ed25519"`;
  const at = pathWithQuery.indexOf('?');
  const base = [
    `"@method": ${method.toUpperCase()}`,
    `"@path": ${at === -1 ? pathWithQuery : pathWithQuery.slice(0, at)}`,
    `"@query": ${at === -1 ? '?' : pathWithQuery.slice(at)}`,
    `"content-digest": ${digest}`,
    `"@signature-params": ${params}`,
  ].join('\n');
  const signature = sign(null, Buffer.from(base, 'utf8'), privateKey).toString('base64');
  return { 'content-digest': digest, 'signature-input': `hub=${params}`, signature: `hub=:${signature}:` };
}

async function json(response) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { raw: text.slice(0, 300) };
  }
}

export class ConformanceHub {
  constructor(cloudUrl, identity) {
    this.cloudUrl = cloudUrl;
    this.identity = identity;
  }

  /** Registers a hub for the partner (operator route), then pairs it with a new key (public route). */
  static async pair(cloudUrl, operatorToken, partnerId) {
    const registered = await fetch(`${cloudUrl}/v1/operator/hubs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ partnerId, name: `Conformance ${new Date().toISOString().slice(0, 19)}` }),
    });
    const answer = await json(registered);
    if (registered.status !== 201)
      throw new Error(`registering a conformance hub: HTTP ${String(registered.status)} ${JSON.stringify(answer)}`);
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const jwk = publicKey.export({ format: 'jwk' });
    const paired = await fetch(`${cloudUrl}/v1/hubs/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        hubId: answer.hub.id,
        pairingCode: answer.pairingCode,
        publicKey: { kty: jwk.kty, crv: jwk.crv, x: jwk.x },
      }),
    });
    const pairing = await json(paired);
    if (paired.status !== 200) throw new Error(`pairing: HTTP ${String(paired.status)} ${JSON.stringify(pairing)}`);
    return new ConformanceHub(cloudUrl, { hubId: pairing.hubId, token: pairing.token, privateKey });
  }

  /**
   * One signed request. `createdS` (default now) dates the signature; `nonce` (default fresh)
   * lets a check send the very same signed request twice; `headers` adds x-hub-time and the like.
   */
  prepare(method, pathWithQuery, bodyObject, options = {}) {
    const body = bodyObject === undefined ? '' : JSON.stringify(bodyObject);
    const signed = signatureHeaders(this.identity, {
      method,
      pathWithQuery,
      body: Buffer.from(body, 'utf8'),
      createdS: options.createdS ?? Math.floor(Date.now() / 1000),
      nonce: options.nonce ?? randomBytes(18).toString('base64url'),
    });
    return {
      url: `${this.cloudUrl}${pathWithQuery}`,
      init: {
        method,
        headers: {
          ...(body === '' ? {} : { 'content-type': 'application/json' }),
          authorization: `Hub ${this.identity.token}`,
          ...signed,
          ...options.headers,
        },
        ...(body === '' ? {} : { body }),
      },
    };
  }

  static async send(prepared) {
    const response = await fetch(prepared.url, prepared.init);
    return { status: response.status, body: await json(response) };
  }

  /** POST /v1/hubs/sync/push with these operations. */
  push(operations, options = {}) {
    return ConformanceHub.send(this.prepare('POST', '/v1/hubs/sync/push', { operations }, options));
  }
}
