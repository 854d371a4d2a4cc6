// Proves the hub's cloud client signs what it sends as the cloud verifies it (a stand-in cloud
// checks the Ed25519 signature over method, path, query and body digest with the shared
// profile), sends the token only with a signature, corrects a drifted clock from the cloud's
// Date header after one refusal for the time, and refuses to sign for another origin.
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  hubSignatureBase,
  hubSignatureWindowS,
  parseContentDigest,
  parseHubSignature,
  parseHubSignatureInput,
} from '@ismail/shared';
import { CloudClient } from './cloud-client.js';

const hubId = '00000000-0000-4000-8000-000000000001';
const token = 't'.repeat(43);
const { publicKey, privateKey } = generateKeyPairSync('ed25519');

describe('the hub cloud client', () => {
  let server: Server;
  let cloudUrl: string;
  /** Seconds the stand-in cloud's clock is ahead of this machine's. */
  let cloudAheadS = 0;
  const seen: { verdict: string; path: string; created: number }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        const header = (name: string) =>
          typeof request.headers[name] === 'string' ? request.headers[name] : undefined;
        const params = parseHubSignatureInput(header('signature-input'));
        const signature = parseHubSignature(header('signature'));
        const digest = parseContentDigest(header('content-digest'));
        const cloudNowS = Date.now() / 1000 + cloudAheadS;
        let verdict = 'ok';
        if (params === null || signature === null || digest === null) verdict = 'unsigned';
        else if (header('authorization') !== `Hub ${token}` || params.keyId !== hubId) verdict = 'wrong hub';
        else if (createHash('sha256').update(body).digest('base64') !== digest) verdict = 'body';
        else if (
          !verify(
            null,
            Buffer.from(
              hubSignatureBase({
                method: request.method ?? '',
                pathWithQuery: request.url ?? '',
                contentDigest: header('content-digest') ?? '',
                params: params.params,
              }),
            ),
            publicKey,
            Buffer.from(signature, 'base64'),
          )
        )
          verdict = 'signature';
        else if (Math.abs(cloudNowS - params.created) > hubSignatureWindowS) verdict = 'expired';
        seen.push({ verdict, path: request.url ?? '', created: params?.created ?? 0 });
        const date = new Date(cloudNowS * 1000).toUTCString();
        if (verdict === 'ok') {
          response
            .writeHead(200, { 'content-type': 'application/json', date })
            .end(JSON.stringify({ echo: body.toString() }));
          return;
        }
        response.writeHead(401, { 'content-type': 'application/json', date }).end(
          JSON.stringify({
            error: { code: verdict === 'expired' ? 'HUB_SIGNATURE_EXPIRED' : 'HUB_SIGNATURE_INVALID' },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cloudUrl = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (): CloudClient =>
    new CloudClient({ load: () => ({ hubId, partnerId: 'p', token, cloudUrl }), signingKey: () => privateKey });

  it('signs method, path, query and body as the cloud verifies them', async () => {
    const cloud = client();
    const posted = await cloud.request('/v1/hubs/sync/push', { method: 'POST', body: '{"operations":[]}' });
    expect(posted.status).toBe(200);
    expect(await posted.json()).toEqual({ echo: '{"operations":[]}' });
    expect((await cloud.request('/v1/hubs/shape?table=shop_products&offset=-1')).status).toBe(200);
    // The Electric client's fetch: same signing, whatever URL it builds on the cloud.
    expect((await cloud.fetch(`${cloudUrl}/v1/hubs/shape?table=booking_units&offset=-1&live=true`)).status).toBe(200);
    expect(seen.map((s) => s.verdict)).toEqual(['ok', 'ok', 'ok']);
    await expect(cloud.fetch('http://127.0.0.2:1/v1/hubs/policy')).rejects.toThrow(/its own cloud/);
  });

  it('re-signs once with the cloud clock after a refusal for the time, then stays in step', async () => {
    seen.length = 0;
    cloudAheadS = 3 * 3600;
    const cloud = client();
    const answer = await cloud.request('/v1/hubs/policy');
    expect(answer.status).toBe(200);
    expect(seen.map((s) => s.verdict)).toEqual(['expired', 'ok']);
    expect(Math.abs(cloud.cloudNowMs() - (Date.now() + cloudAheadS * 1000))).toBeLessThan(3_000);
    expect((await cloud.request('/v1/hubs/policy')).status).toBe(200);
    expect(seen.map((s) => s.verdict)).toEqual(['expired', 'ok', 'ok']);
    cloudAheadS = 0;
  });

  it('sends nothing before pairing', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const unpaired = new CloudClient({ load: () => null, signingKey: () => null });
    await expect(unpaired.request('/v1/hubs/policy')).rejects.toThrow(/not paired/);
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  });
});
