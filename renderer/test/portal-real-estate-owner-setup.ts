/**
 * Setup and reads through the API for the real estate owner's browser test (portal-real-estate-owner.e2e.test.ts):
 * JSON calls with their status checked, images drawn with sharp (a listing photo of random noise, so it is nobody
 * else's photo by perceptual hash; a signature), and the two signatures that make a lease active.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { DemoCloud } from '../../tools/test-support/demo-cloud.js';

export async function api<T>(
  demo: DemoCloud,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${demo.url}${path}`, {
    method,
    headers:
      body === undefined
        ? { authorization: headers.authorization ?? '' }
        : { ...headers, 'idempotency-key': randomUUID() },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}

/** Random noise as an image: no other listing's photo is near it by perceptual hash. */
export async function noise(width: number, height: number, format: 'jpeg' | 'png'): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = Math.floor(Math.random() * 256);
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  return format === 'jpeg' ? image.jpeg({ quality: 80 }).toBuffer() : image.png().toBuffer();
}

/** The wallet's available balance in centi-credits. */
export async function available(demo: DemoCloud, headers: Record<string, string>): Promise<number> {
  return (await api<{ availableCentiCredits: number }>(demo, 'GET', '/v1/wallet', headers)).availableCentiCredits;
}

/** Both parties sign the lease on the exact document the cloud holds (the signing screens are the tenant area's). */
export async function signBoth(
  demo: DemoCloud,
  leaseId: string,
  parties: readonly { headers: Record<string, string>; name: string }[],
): Promise<void> {
  const signature = (await noise(240, 80, 'png')).toString('base64');
  for (const party of parties) {
    const lease = await api<{ documentSha256: string }>(
      demo,
      'GET',
      `/v1/real-estate/leases/${leaseId}`,
      party.headers,
    );
    await api(demo, 'POST', `/v1/real-estate/leases/${leaseId}/sign`, party.headers, {
      typedName: party.name,
      signaturePngBase64: signature,
      documentSha256: lease.documentSha256,
    });
  }
}
