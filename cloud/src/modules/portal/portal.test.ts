// The cloud serves a built portal at / with its cache rules and security headers, opens client
// routes with the portal's page, keeps the API's 404s JSON, never lets a path leave the folder,
// and without a build serves a French notice after one warning.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCloudApp } from '../../app.js';
import { parseCloudConfig } from '../../config-rules.js';
import { portalModule } from './index.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

async function cloudServing(portalDir: string, logStream?: NodeJS.WritableStream) {
  const parsed = parseCloudConfig({ PORTAL_DIR: portalDir });
  if (!parsed.ok) throw new Error('config refused');
  // The portal module runs no query: a pool that never connects is enough.
  const pool = new pg.Pool({ host: '127.0.0.1', port: 1, max: 1 });
  const kycDir = mkdtempSync(path.join(tmpdir(), 'ismail-portal-kyc-'));
  folders.push(kycDir);
  return buildCloudApp({
    db: { pool, kind: 'server', direct: {}, description: 'none', close: () => pool.end() },
    logLevel: 'warn',
    masterKey: { bytes: Buffer.alloc(32, 7) },
    operatorToken: 'portal-test-operator-token-0123456789',
    kycDir,
    config: parsed.values,
    modules: [portalModule],
    ...(logStream === undefined ? {} : { logStream }),
  });
}

describe('the portal served by the cloud', () => {
  it('serves the page, hashed assets for a year and the service worker revalidated, with a strict CSP', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-portal-'));
    folders.push(dir);
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>portail</title>');
    writeFileSync(path.join(dir, 'assets', 'index-AbCd1234.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'sw.js'), 'self.addEventListener("install", () => {})');
    writeFileSync(path.join(tmpdir(), 'ismail-portal-outside.txt'), 'secret');
    const app = await cloudServing(dir);
    try {
      const page = await app.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('portail');
      expect(page.headers['cache-control']).toBe('no-cache');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(page.headers['x-content-type-options']).toBe('nosniff');

      const asset = await app.inject({ method: 'GET', url: '/assets/index-AbCd1234.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.headers['content-type']).toMatch(/javascript/);

      const worker = await app.inject({ method: 'GET', url: '/sw.js' });
      expect(worker.headers['cache-control']).toBe('no-cache');

      const clientRoute = await app.inject({ method: 'GET', url: '/history?tab=1' });
      expect(clientRoute.statusCode).toBe(200);
      expect(clientRoute.body).toContain('portail');

      for (const url of ['/v1/nothing-here', '/v1', '/.well-known/nothing', '/assets/missing-1234.js']) {
        const missing = await app.inject({ method: 'GET', url });
        expect(missing.statusCode, url).toBe(404);
        expect(missing.json<{ error: { code: string } }>().error.code, url).toBe('NOT_FOUND');
      }
      const posted = await app.inject({ method: 'POST', url: '/history' });
      expect(posted.statusCode).toBe(404);

      for (const url of ['/../ismail-portal-outside.txt', '/%2e%2e/ismail-portal-outside.txt', '/assets/..%2f..%2fx']) {
        const escaped = await app.inject({ method: 'GET', url });
        expect(escaped.body, url).not.toContain('secret');
      }
    } finally {
      await app.close();
      rmSync(path.join(tmpdir(), 'ismail-portal-outside.txt'), { force: true });
    }
  });

  it('without a build, warns once and serves a French notice while the API still answers JSON', async () => {
    const logs = new PassThrough();
    const lines: string[] = [];
    logs.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    const app = await cloudServing(path.join(tmpdir(), 'ismail-portal-never-built'), logs);
    try {
      const page = await app.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain("Le portail client n'est pas construit");
      expect(page.headers['content-security-policy']).toBeDefined();
      expect((await app.inject({ method: 'GET', url: '/settings' })).statusCode).toBe(503);
      const api = await app.inject({ method: 'GET', url: '/v1/nothing-here' });
      expect(api.statusCode).toBe(404);
      expect(api.json<{ error: { code: string } }>().error.code).toBe('NOT_FOUND');
      expect(lines.filter((line) => line.includes('client portal not built'))).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
