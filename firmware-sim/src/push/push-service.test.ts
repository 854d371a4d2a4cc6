// The simulated push service answers as a real one does (RFC 8030, RFC 8292): 201 and the
// stored body for a message with valid VAPID credentials; 401 for a token with another
// audience, expired, or valid too long; 403 for another application server's key; 404 for an
// unknown subscription, 410 once expired; 400 without TTL; 413 over 4096 bytes; only HTTPS.
import { generateKeyPairSync, sign } from 'node:crypto';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPushServiceSimulator, type PushServiceSimulator } from './push-service.js';

function applicationServer() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const raw = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x ?? '', 'base64url'),
    Buffer.from(jwk.y ?? '', 'base64url'),
  ]).toString('base64url');
  const token = (claims: Record<string, unknown>): string => {
    const head = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'ES256' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const signature = sign('sha256', Buffer.from(`${head}.${body}`), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    return `${head}.${body}.${signature.toString('base64url')}`;
  };
  return { key: raw, authorization: (claims: Record<string, unknown>) => `vapid t=${token(claims)}, k=${raw}` };
}

describe('simulated push service', () => {
  let service: PushServiceSimulator;
  const server = applicationServer();
  const nowS = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    service = await startPushServiceSimulator({ port: 0 });
  });
  afterAll(async () => {
    await service.close();
  });

  const post = (endpoint: string, headers: Record<string, string>, body: Buffer) =>
    new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
      const request = https.request(
        endpoint,
        { method: 'POST', headers: { ...headers, 'content-length': String(body.length) }, ca: service.certificatePem },
        (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, location: response.headers.location });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const headers = (claims: Record<string, unknown>, extra: Record<string, string> = {}) => ({
    authorization: server.authorization(claims),
    ttl: '60',
    'content-encoding': 'aes128gcm',
    ...extra,
  });
  const valid = () => ({ aud: service.url, exp: nowS() + 3600, sub: 'mailto:test@ismail.ci' });

  it('stores a message with valid credentials and answers 201 with its location', async () => {
    const { endpoint } = service.subscribe(server.key);
    const body = Buffer.from('encrypted bytes');
    const answer = await post(endpoint, headers(valid(), { urgency: 'high' }), body);
    expect(answer.status).toBe(201);
    expect(answer.location).toMatch(new RegExp(`^${service.url}/m/`));
    expect(service.messages(endpoint)).toEqual([
      expect.objectContaining({ ttlS: 60, urgency: 'high', topic: null, body }),
    ]);
  });

  it('refuses wrong credentials, unknown or expired subscriptions, and malformed messages', async () => {
    const { endpoint } = service.subscribe(server.key);
    const body = Buffer.from('x');
    const other = applicationServer();
    const cases: [string, Promise<{ status: number }>, number][] = [
      ['no authorization', post(endpoint, { ttl: '60', 'content-encoding': 'aes128gcm' }, body), 401],
      ['another audience', post(endpoint, headers({ ...valid(), aud: 'https://fcm.googleapis.com' }), body), 401],
      ['expired token', post(endpoint, headers({ ...valid(), exp: nowS() - 1 }), body), 401],
      ['token valid over 24 h', post(endpoint, headers({ ...valid(), exp: nowS() + 25 * 3600 }), body), 401],
      [
        "another server's key",
        post(endpoint, { ...headers(valid()), authorization: other.authorization(valid()) }, body),
        403,
      ],
      [
        'no TTL',
        post(endpoint, { authorization: server.authorization(valid()), 'content-encoding': 'aes128gcm' }, body),
        400,
      ],
      ['not aes128gcm', post(endpoint, headers(valid(), { 'content-encoding': 'aesgcm' }), body), 415],
      ['over 4096 bytes', post(endpoint, headers(valid()), Buffer.alloc(4097)), 413],
      ['unknown subscription', post(`${service.url}/wpush/unknown0000`, headers(valid()), body), 404],
    ];
    for (const [name, answer, status] of cases) expect((await answer).status, name).toBe(status);
    expect(service.messages(endpoint)).toEqual([]);
    service.expire(endpoint);
    expect((await post(endpoint, headers(valid()), body)).status).toBe(410);
  });
});
