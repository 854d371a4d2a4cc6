// Proves the hub's local API holds text to the cloud's rule: a NUL or escape in a product
// name on a ticket, or a control character in a device name or a search, is refused with 400
// CONTROL_CHARACTER naming the field; ordinary accented text passes.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHubApp } from '../src/http/app.js';
import { migrateHubDatabase } from '../src/store/migrate.js';
import { openHubDatabase, type HubDatabase } from '../src/store/open.js';

const adminToken = 'a'.repeat(43);
const auth = { authorization: `Bearer ${adminToken}` };

interface ErrorAnswer {
  error: { code: string; details?: { path: string }[] };
}

describe('hub text hygiene', () => {
  let db: HubDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-hub-text-'));
    db = openHubDatabase(path.join(dir, 'hub.sqlite'));
    migrateHubDatabase(db);
    mkdirSync(path.join(dir, 'counter'));
    app = await buildHubApp({
      responseCheck: 'throw',
      db,
      adminToken,
      counterAppDir: path.join(dir, 'counter'),
      logLevel: 'silent',
    });
  });
  afterAll(async () => {
    await app.close();
    db.close();
  });

  const ticket = (label: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/print-jobs',
      headers: auth,
      payload: {
        printerId: '6f1c1f9e-6a51-4a3e-9a53-3b1f3c1f0a01',
        documentKey: 'ticket:T-1',
        blocks: [
          { type: 'lines', header: ['Désignation', 'Qté', 'P.U.', 'Montant'], rows: [[label, '1', '500', '500']] },
        ],
      },
    });

  it('refuses a product name with NUL on a ticket, naming the field', async () => {
    const response = await ticket('Atti\u0000éké');
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json<ErrorAnswer>().error).toMatchObject({
      code: 'CONTROL_CHARACTER',
      details: [{ path: 'body/blocks/0/rows/0/0' }],
    });
    expect((await ticket('Savon\u001b[31m')).json<ErrorAnswer>().error.code).toBe('CONTROL_CHARACTER');
  });

  it('lets accented text through to the next check (here: the unknown printer)', async () => {
    const response = await ticket('Attiéké « spécial »');
    expect(response.json<ErrorAnswer>().error.code).not.toBe('CONTROL_CHARACTER');
  });

  it('refuses a control character in a device name and in a catalog search', async () => {
    const device = await app.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: auth,
      payload: { type: 'door_lock', name: 'Porte\u0007 1' },
    });
    expect(device.json<ErrorAnswer>().error).toMatchObject({
      code: 'CONTROL_CHARACTER',
      details: [{ path: 'body/name' }],
    });
    const search = await app.inject({ method: 'GET', url: '/api/v1/catalog/products?q=atti%00', headers: auth });
    expect(search.json<ErrorAnswer>().error).toMatchObject({
      code: 'CONTROL_CHARACTER',
      details: [{ path: 'querystring/q' }],
    });
  });
});
