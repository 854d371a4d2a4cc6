/**
 * A paired hub for cloud tests: registered by an admin, paired with its own Ed25519 key pair,
 * and one way to call the cloud as that hub (`inject` for app.inject, `headers` for fetch).
 * Every test that speaks as a hub goes through here, so how hubs authenticate (token, request
 * signature) changes in one place.
 */
import type { Database } from '../../src/platform/db/database.js';
import { pairHub, registerHub } from '../../src/modules/hubs/registry.js';
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { hubRequestSignatureHeaders, type HubRequestSigner } from '@ismail/shared';
import { bearer, type Signed } from './people.js';

export interface TestHub {
  readonly id: string;
  readonly token: string;
  readonly publicKey: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  readonly privateKey: KeyObject;
  /** Headers that authenticate one request as this hub (method, path with query, and body as sent). */
  readonly headers: (method: string, pathWithQuery: string, body?: string | Uint8Array) => Record<string, string>;
  /** A fetch that signs each request as this hub (for the Electric client's `fetchClient`). */
  readonly fetch: typeof fetch;
  /** app.inject as this hub; `payload` is sent as JSON; `headers` are added, and override the signing ones. */
  inject(
    app: FastifyInstance,
    request: {
      method: 'GET' | 'POST' | 'PUT' | 'DELETE';
      url: string;
      payload?: unknown;
      headers?: Record<string, string>;
    },
  ): Promise<LightMyRequestResponse>;
}

export function hubKeyPair(): { publicKey: TestHub['publicKey']; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string };
  return { publicKey: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, privateKey };
}

/** Registers (as `admin`) and pairs a hub for `partnerId`. */
export async function pairTestHub(
  app: FastifyInstance,
  admin: Signed,
  partnerId: string,
  name: string,
): Promise<TestHub> {
  const registered = await app.inject({
    method: 'POST',
    url: '/v1/admin/hubs',
    headers: bearer(admin),
    payload: { partnerId, name },
  });
  if (registered.statusCode !== 201) throw new Error(`hub registration failed: ${registered.body}`);
  const { hub, pairingCode } = registered.json<{ hub: { id: string }; pairingCode: string }>();
  const keys = hubKeyPair();
  const paired = await app.inject({
    method: 'POST',
    url: '/v1/hubs/pair',
    payload: { hubId: hub.id, pairingCode, publicKey: keys.publicKey },
  });
  if (paired.statusCode !== 200) throw new Error(`hub pairing failed: ${paired.body}`);
  return testHub(hub.id, paired.json<{ token: string }>().token, keys);
}

/**
 * A registered, paired counter for cash sales, made through the hub registry's service rather
 * than its routes (for a cloud whose hubs module is not registered); it never calls the cloud.
 */
export async function registerCounterHub(
  db: Database,
  adminId: string,
  partnerId: string,
  name: string,
): Promise<string> {
  const { hub, pairingCode } = await registerHub(db, { partnerId, name, adminId });
  await pairHub(db, { hubId: hub.id, pairingCode, publicKey: hubKeyPair().publicKey });
  return hub.id;
}

/** Signs as hub `hubId` with `privateKey` (tests that forge or replay build on it). */
export function nodeHubSigner(hubId: string, privateKey: KeyObject): HubRequestSigner {
  return {
    hubId,
    sha256Base64: (body) => createHash('sha256').update(body).digest('base64'),
    signBase64: (base) => sign(null, Buffer.from(base, 'utf8'), privateKey).toString('base64'),
    nonce: () => randomBytes(18).toString('base64url'),
  };
}

export function testHub(
  id: string,
  token: string,
  keys: { publicKey: TestHub['publicKey']; privateKey: KeyObject },
): TestHub {
  const signer = nodeHubSigner(id, keys.privateKey);
  const headers = (method: string, pathWithQuery: string, body?: string | Uint8Array): Record<string, string> => ({
    authorization: `Hub ${token}`,
    ...hubRequestSignatureHeaders(signer, { method, pathWithQuery, body, nowS: Date.now() / 1000 }),
  });
  const signedFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    const signed = new Headers(request.headers);
    for (const [name, value] of Object.entries(headers(request.method, `${url.pathname}${url.search}`, body)))
      signed.set(name, value);
    return fetch(url, {
      method: request.method,
      headers: signed,
      ...(body === undefined ? {} : { body }),
      signal: request.signal,
    });
  };
  return {
    id,
    token,
    ...keys,
    headers,
    fetch: signedFetch,
    inject(app, request) {
      const body = request.payload === undefined ? undefined : JSON.stringify(request.payload);
      return app.inject({
        method: request.method,
        url: request.url,
        // The caller's headers win: an attack test can swap the token or a signature header.
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers(request.method, request.url, body),
          ...request.headers,
        },
        ...(body === undefined ? {} : { payload: body }),
      });
    },
  };
}
