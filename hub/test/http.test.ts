// Proves the hub's local API: health with the store's durability, the admin-token guard,
// idempotent printer configuration, clear validation errors and a refused card's reason.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHubApp } from '../src/http/app.js';
import { loadOrCreateAdminToken } from '../src/http/admin-token.js';
import { migrateHubDatabase } from '../src/store/migrate.js';
import { openHubDatabase, type HubDatabase } from '../src/store/open.js';

const printer = {
  id: '6f1c1f9e-6a51-4a3e-9a53-3b1f3c1f0a01',
  name: 'Caisse 1',
  transport: 'tcp',
  host: '192.168.1.50',
  port: 9100,
  widthMm: 80,
};

describe('hub local API', () => {
  let db: HubDatabase;
  let app: FastifyInstance;
  let token: string;
  let auth: { authorization: string };

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-hub-http-'));
    db = openHubDatabase(path.join(dir, 'hub.sqlite'));
    migrateHubDatabase(db);
    token = loadOrCreateAdminToken(path.join(dir, 'admin-token'));
    auth = { authorization: `Bearer ${token}` };
    const counterAppDir = path.join(dir, 'counter');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(counterAppDir);
    writeFileSync(path.join(counterAppDir, 'index.html'), '<!doctype html><title>Guichet</title><div id="root"></div>');
    app = await buildHubApp({ responseCheck: 'throw', db, adminToken: token, counterAppDir, logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
    db.close();
  });

  it('reports a healthy store with its durability settings', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'ok',
      service: 'hub',
      checks: [{ name: 'store', ok: true, detail: 'SQLite journal_mode=wal synchronous=FULL' }],
    });
  });

  it('serves the counter app at /', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<div id="root">');
  });

  it('refuses configuration changes without the admin token, and with a wrong one', async () => {
    const none = await app.inject({ method: 'POST', url: '/api/v1/printers', payload: printer });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/printers',
      payload: printer,
      headers: { authorization: `Bearer ${token.slice(0, -1)}x` },
    });
    expect(wrong.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/v1/printers' })).json()).toEqual({ printers: [] });
  });

  it('adds a printer once even when the request is retried', async () => {
    const first = await app.inject({ method: 'POST', url: '/api/v1/printers', payload: printer, headers: auth });
    expect(first.statusCode).toBe(201);
    const retry = await app.inject({ method: 'POST', url: '/api/v1/printers', payload: printer, headers: auth });
    expect(retry.statusCode).toBe(200);
    // Unset, the command set is EPSON ESC/POS, and the hub says so.
    expect(retry.json()).toEqual({ ...printer, commandSet: 'epson' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/printers' })).json()).toEqual({
      printers: [{ ...printer, commandSet: 'epson' }],
    });
  });

  it('refuses the same id with a different body, and a duplicate name', async () => {
    const reused = await app.inject({
      method: 'POST',
      url: '/api/v1/printers',
      payload: { ...printer, host: '192.168.1.51' },
      headers: auth,
    });
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    const sameName = await app.inject({
      method: 'POST',
      url: '/api/v1/printers',
      payload: { ...printer, id: '6f1c1f9e-6a51-4a3e-9a53-3b1f3c1f0a02' },
      headers: auth,
    });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json()).toMatchObject({ error: { code: 'CONFLICT' } });
  });

  it('explains malformed bodies field by field, and refuses unknown fields and bad JSON', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/printers',
      payload: { ...printer, id: 'not-a-uuid', widthMm: 72 },
      headers: auth,
    });
    expect(bad.statusCode).toBe(400);
    const body = bad.json<{ error: { code: string; details: { path: string }[] } }>();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.map((d) => d.path)).toContain('body/id');
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/printers',
      payload: { ...printer, id: '6f1c1f9e-6a51-4a3e-9a53-3b1f3c1f0a03', name: 'X', admin: true },
      headers: auth,
    });
    expect(unknown.statusCode).toBe(400);
    const notJson = await app.inject({
      method: 'POST',
      url: '/api/v1/printers',
      payload: '{"id": ',
      headers: { ...auth, 'content-type': 'application/json' },
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const huge = await app.inject({
      method: 'POST',
      url: '/api/v1/printers',
      payload: JSON.stringify({ ...printer, name: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { ...auth, 'content-type': 'application/json' },
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('says why a client card is refused at a wallet look-up (the stable reason, for the counter to translate)', async () => {
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/wallets/lookup',
      payload: { token: 'not-a-card' },
      headers: auth,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: { code: 'CARD_REFUSED', details: [{ path: 'card', problem: 'UNKNOWN_KEY' }] },
    });
  });
});

describe('hub live channel', () => {
  it('refuses a screen without a session, and sends a signed-in screen its sync state at once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-hub-live-'));
    const db = openHubDatabase(path.join(dir, 'hub.sqlite'));
    migrateHubDatabase(db);
    const token = loadOrCreateAdminToken(path.join(dir, 'admin-token'));
    const app = await buildHubApp({
      responseCheck: 'throw',
      db,
      adminToken: token,
      counterAppDir: dir,
      logLevel: 'silent',
    });
    const url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('http', 'ws');
    try {
      const refused = new WebSocket(`${url}/api/v1/live`, ['bearer', 'not-a-session-token']);
      const code = await new Promise<number>((resolve) => refused.on('close', (c) => resolve(c)));
      expect(code).toBe(1008);
      const screen = new WebSocket(`${url}/api/v1/live`, ['bearer', token]);
      const messages: { type: string; status?: { paired: boolean; outboxDepth: number } }[] = [];
      await new Promise<void>((resolve, reject) => {
        screen.on('message', (data: Buffer) => {
          messages.push(JSON.parse(data.toString()) as (typeof messages)[number]);
          if (messages.length === 3) resolve();
        });
        screen.on('error', reject);
      });
      expect(messages.map((m) => m.type)).toEqual(['ready', 'sync', 'printers']);
      expect(messages[1]?.status).toMatchObject({ paired: false, outboxDepth: 0 });
      screen.close();
    } finally {
      await app.close();
      db.close();
    }
  });
});
