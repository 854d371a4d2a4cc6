// Proves scanning at the hub with a serial scanner on serialport's mock binding (no scanner
// hardware here): each line it sends is classified once (a card QR to verification, a
// barcode to product lookup, a misread refused), streamed to the counter app, and the
// scanner is reopened after being unplugged. Keyboard-wedge scans posted by the counter app
// go through the same classification.
import type { FastifyInstance } from 'fastify';
import { base64url } from 'jose';
import { SerialPortMock } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanEvent } from '@ismail/shared';
import { inProcessHub } from './support/in-process-hub.js';
import type { HubDatabase } from '../src/store/open.js';

const token = 'scanning-test-token-0123456789abcdefgh';
const auth = { authorization: `Bearer ${token}` };
const scannerPath = '/dev/ttyACM7';

async function until<T>(read: () => T, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('serial scanner at the hub (serialport mock binding, no hardware here)', () => {
  let db: HubDatabase;
  let app: FastifyInstance;
  let current: SerialPortMock | undefined;
  const scans: ScanEvent[] = [];

  beforeAll(async () => {
    SerialPortMock.binding.createPort(scannerPath);
    ({ app, db } = await inProcessHub('ismail-hub-scan-', {
      adminToken: token,
      openScannerPort: (o) => (current = new SerialPortMock(o)),
    }));
    app.scanners.on('scan', (s) => scans.push(s));
  });
  afterAll(async () => {
    await app.close();
    db.close();
  });

  it('classifies each line from the scanner: card QR, EAN-13, misread', async () => {
    const added = await app.inject({
      method: 'POST',
      url: '/api/v1/scanners',
      headers: auth,
      payload: { id: '9b2e4c6a-1d3f-4a5b-8c7d-0e1f2a3b4c5d', name: 'Douchette', path: scannerPath, baudRate: 9600 },
    });
    expect(added.statusCode).toBe(201);
    const port = await until(
      () => current,
      (p) => p?.isOpen === true,
    );
    const card = `${base64url.encode(JSON.stringify({ alg: 'ES256', typ: 'ismail-card+jwt', kid: 'k' }))}.${base64url.encode('{}')}.c2ln`;
    // One chunk split mid-code, CR LF and LF endings, as real scanners do.
    port?.port?.emitData(Buffer.from(`${card}\r\n6111234`));
    port?.port?.emitData(Buffer.from('567895\n6111234567892\r'));
    await until(
      () => scans.length,
      (n) => n === 3,
    );
    expect(scans.map((s) => [s.source, s.kind, s.code])).toEqual([
      ['serial:Douchette', 'card', card],
      ['serial:Douchette', 'product', '6111234567895'],
      ['serial:Douchette', 'refused', ''],
    ]);
    expect(scans[2]?.reason).toContain('check digit');
  });

  it('reopens the scanner after it is unplugged and plugged back', async () => {
    const before = current;
    before?.port?.close().catch(() => undefined);
    before?.emit('close');
    const reopened = await until(
      () => current,
      (p) => p !== before && p?.isOpen === true,
      5_000,
    );
    expect(reopened?.isOpen).toBe(true);
    reopened?.port?.emitData(Buffer.from('SKU-PAGNE-12\r\n'));
    await until(
      () => scans.length,
      (n) => n === 4,
    );
    expect(scans[3]).toMatchObject({ kind: 'product', code: 'SKU-PAGNE-12' });
  });

  it('classifies keyboard-wedge scans posted by the counter app the same way, and needs the token', async () => {
    const posted = await app.inject({
      method: 'POST',
      url: '/api/v1/scans',
      headers: auth,
      payload: { code: '96385074' },
    });
    expect(posted.json()).toMatchObject({ source: 'keyboard', kind: 'product', symbology: 'EAN-8' });
    expect((await app.inject({ method: 'POST', url: '/api/v1/scans', payload: { code: '96385074' } })).statusCode).toBe(
      401,
    );
    const recent = await app.inject({ method: 'GET', url: '/api/v1/scans', headers: auth });
    expect(recent.json<{ scans: ScanEvent[] }>().scans).toHaveLength(5);
  });
});
