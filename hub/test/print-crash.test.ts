// Proves the print queue survives the hub being killed (SIGKILL, like a power cut) while a
// job waits for its printer (switched off, or out of paper): after the restart it prints exactly once, as the original.
// And
// a job whose send a crash interrupted is sent again as a marked copy, never as a second
// original. Also proves the hub starts and lists printers where `udevadm` is missing and
// there is no Bluetooth, reporting those transports as unavailable.
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startNetworkPrinter } from '@ismail/firmware-sim';
import { builtEntry, exited, freePort, startProcess, until, waitForHttp } from '../../tools/test-support/processes.js';
import { buildHubApp } from '../src/http/app.js';
import { migrateHubDatabase } from '../src/store/migrate.js';
import { openHubDatabase } from '../src/store/open.js';

const printerId = '5e0d9a4b-7c1f-4e2a-9b3c-6d8e0f1a2b3c';

const ticket = {
  printerId,
  documentKey: 'ticket:V-000042',
  blocks: [
    { type: 'title', text: 'Maquis Chez Tantie' },
    { type: 'totals', rows: [], grand: ['Total TTC', '12 500 FCFA'] },
  ],
};

describe('print queue across a hub killed with SIGKILL', () => {
  it('prints a job that was waiting for its printer exactly once after the restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ismail-hub-print-crash-'));
    const hubPort = await freePort();
    const printerPort = await freePort();
    const base = `http://127.0.0.1:${String(hubPort)}`;
    const env = { HUB_PORT: String(hubPort), ISMAIL_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };

    let hub = startProcess(builtEntry('hub'), { ...env, HUB_RESPONSE_CHECK: 'throw' });
    await waitForHttp(`${base}/health`, 15_000);
    const auth = {
      'content-type': 'application/json',
      authorization: `Bearer ${readFileSync(path.join(dataDir, 'hub', 'admin-token'), 'utf8').trim()}`,
    };
    const call = async (method: string, url: string, body?: unknown) => {
      const response = await fetch(`${base}${url}`, {
        method,
        headers: auth,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    expect(
      (
        await call('POST', '/api/v1/printers', {
          id: printerId,
          name: 'Caisse',
          transport: 'tcp',
          host: '127.0.0.1',
          port: printerPort,
          widthMm: 80,
        })
      ).status,
    ).toBe(201);
    const queued = await call('POST', '/api/v1/print-jobs', ticket);
    expect(queued.status).toBe(201);
    const jobId = String(queued.json.id);
    // The printer is off: the job has been tried and waits.
    const waiting = await until(
      () => call('GET', `/api/v1/print-jobs/${jobId}`),
      (r) => r.json.lastError !== null,
    );
    expect(waiting.json).toMatchObject({ status: 'queued' });

    hub.kill('SIGKILL');
    await exited(hub);
    const printer = await startNetworkPrinter({ host: '127.0.0.1', port: printerPort });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(printer.jobs).toHaveLength(0);
      hub = startProcess(builtEntry('hub'), { ...env, HUB_RESPONSE_CHECK: 'throw' });
      await waitForHttp(`${base}/health`, 15_000);
      const printed = await until(
        () => call('GET', `/api/v1/print-jobs/${jobId}`),
        (r) => r.json.status === 'printed',
      );
      expect(printed.json).toMatchObject({ status: 'printed', copy: 0 });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(printer.jobs).toHaveLength(1);
      expect(printer.jobs[0]?.text).toContain('Maquis Chez Tantie');
      expect(printer.jobs[0]?.text).not.toContain('DUPLICATA');
    } finally {
      hub.kill('SIGKILL');
      await exited(hub);
      await printer.stop();
    }
  });

  it('keeps a job waiting for paper across a SIGKILL, and prints it exactly once when paper is back', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ismail-hub-paper-crash-'));
    const hubPort = await freePort();
    const base = `http://127.0.0.1:${String(hubPort)}`;
    const env = { HUB_PORT: String(hubPort), ISMAIL_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    const printer = await startNetworkPrinter({ host: '127.0.0.1', port: 0, faults: { paper: 'out' } });
    let hub = startProcess(builtEntry('hub'), { ...env, HUB_RESPONSE_CHECK: 'throw' });
    try {
      await waitForHttp(`${base}/health`, 15_000);
      const auth = {
        'content-type': 'application/json',
        authorization: `Bearer ${readFileSync(path.join(dataDir, 'hub', 'admin-token'), 'utf8').trim()}`,
      };
      const call = async (method: string, url: string, body?: unknown) => {
        const response = await fetch(`${base}${url}`, {
          method,
          headers: auth,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: response.status, json: (await response.json()) as Record<string, unknown> };
      };
      expect(
        (
          await call('POST', '/api/v1/printers', {
            id: printerId,
            name: 'Caisse',
            transport: 'tcp',
            host: '127.0.0.1',
            port: printer.port,
            widthMm: 80,
          })
        ).status,
      ).toBe(201);
      const jobId = String((await call('POST', '/api/v1/print-jobs', ticket)).json.id);
      const waiting = await until(
        () => call('GET', `/api/v1/print-jobs/${jobId}`),
        (r) => r.json.lastError === 'paper out',
      );
      expect(waiting.json).toMatchObject({ status: 'queued', lastError: 'paper out' });
      hub.kill('SIGKILL');
      await exited(hub);
      await printer.setFaults({ paper: 'ok' });
      hub = startProcess(builtEntry('hub'), { ...env, HUB_RESPONSE_CHECK: 'throw' });
      await waitForHttp(`${base}/health`, 15_000);
      await until(
        () => call('GET', `/api/v1/print-jobs/${jobId}`),
        (r) => r.json.status === 'printed',
      );
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const printed = printer.jobs.filter((j) => j.outcome === 'printed');
      expect(printed).toHaveLength(1);
      expect(printed[0]?.text).toContain('Maquis Chez Tantie');
      expect(printed[0]?.text).not.toContain('DUPLICATA');
    } finally {
      hub.kill('SIGKILL');
      await exited(hub);
      await printer.stop();
    }
  });

  it('sends a job a crash cut mid-send again as a marked copy, never as a second original', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-hub-print-cut-'));
    const port = await freePort();
    const printer = await startNetworkPrinter({ host: '127.0.0.1', port });
    const db = openHubDatabase(path.join(dir, 'hub.sqlite'));
    migrateHubDatabase(db);
    db.prepare(
      "INSERT INTO printers (id, name, transport, connection, width_mm, created_at) VALUES (?, 'Caisse', 'tcp', json_object('host', '127.0.0.1', 'port', ?), 80, 'now')",
    ).run(printerId, port);
    // What a power cut leaves behind: the job marked as sending, its bytes maybe printed.
    db.prepare(
      "INSERT INTO print_jobs (id, seq, printer_id, document_key, copy, blocks, status, attempts, next_attempt_at) VALUES (?, 1, ?, 'ticket:V-000043', 0, ?, 'sending', 1, 0)",
    ).run('a'.repeat(64), printerId, JSON.stringify(ticket.blocks));
    const app = await buildHubApp({
      responseCheck: 'throw',
      db,
      adminToken: 'x'.repeat(40),
      counterAppDir: path.join(dir, 'none'),
      logLevel: 'silent',
      printRetryBaseMs: 100,
    });
    try {
      await app.ready();
      for (let i = 0; i < 100 && printer.jobs.length === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(printer.jobs).toHaveLength(1);
      expect(printer.jobs[0]?.text).toContain('*** DUPLICATA 1 ***');
      expect(app.printQueue.get('a'.repeat(64))).toMatchObject({ status: 'printed' });
    } finally {
      await app.close();
      db.close();
      await printer.stop();
    }
  });

  it('starts and lists printers on a machine without udevadm or Bluetooth, saying which transports are unavailable', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ismail-hub-no-udev-'));
    // A PATH holding only node: no udevadm, whatever this machine has installed.
    const bin = path.join(dataDir, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const port = await freePort();
    const hub = startProcess(builtEntry('hub'), {
      HUB_RESPONSE_CHECK: 'throw',
      HUB_PORT: String(port),
      ISMAIL_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      PATH: bin,
    });
    try {
      await waitForHttp(`http://127.0.0.1:${String(port)}/health`, 15_000);
      const token = readFileSync(path.join(dataDir, 'hub', 'admin-token'), 'utf8').trim();
      const list = await fetch(`http://127.0.0.1:${String(port)}/api/v1/printers`);
      expect(list.status).toBe(200);
      const discovery = (await (
        await fetch(`http://127.0.0.1:${String(port)}/api/v1/printers/discovery`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as {
        transports: { transport: string; available: boolean; detail: string }[];
      };
      const byTransport = Object.fromEntries(discovery.transports.map((t) => [t.transport, t]));
      expect(byTransport.tcp?.available).toBe(true);
      expect(byTransport.serial).toMatchObject({ available: false });
      expect(byTransport.serial?.detail).toContain('udevadm is missing');
      expect(byTransport.bluetooth_spp?.available).toBe(false);
      expect(byTransport.ble?.available).toBe(false);
    } finally {
      hub.kill('SIGKILL');
      await exited(hub);
    }
  });
});
