// Proves the HTTP switch for the simulated printer's faults changes them as setFaults does
// (a job sent while it says dropAfterBytes is cut, and prints whole once healed) and refuses
// an unknown field, a wrong value or an oversized body without changing anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tcpTransport } from '@ismail/drivers';
import { invoiceEscPos } from '@ismail/shared';
import type { Listening } from '../src/payments/http.js';
import { startFaultControl } from '../src/printer/fault-control.js';
import { faultControlBodyMaxBytes } from '../src/printer/limits.js';
import { noPrinterFaults, startNetworkPrinter, type NetworkPrinter } from '../src/printer/network-printer.js';

const ticket = invoiceEscPos(
  [
    { type: 'title', text: 'Maquis Chez Tantie' },
    { type: 'totals', rows: [], grand: ['Total', '3 000 FCFA'] },
  ],
  '80mm',
);

describe('simulated printer faults over HTTP', () => {
  let printer: NetworkPrinter;
  let control: Listening;
  const put = (body: string): Promise<Response> =>
    fetch(`${control.url}/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(5000),
    });
  const send = () =>
    tcpTransport({ host: '127.0.0.1', port: printer.port, connectTimeoutMs: 2000, ioTimeoutMs: 5000 }).send(ticket);

  beforeAll(async () => {
    printer = await startNetworkPrinter({ host: '127.0.0.1', port: 0 });
    control = await startFaultControl(printer, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await control.close();
    await printer.stop();
  });

  it('cuts jobs while dropAfterBytes is set and prints them whole once it is null', async () => {
    const cut = await put(JSON.stringify({ dropAfterBytes: 20 }));
    expect(cut.status).toBe(200);
    expect(await cut.json()).toEqual({ ...noPrinterFaults, dropAfterBytes: 20 });
    const interrupted = printer.nextJob(5000);
    await send();
    expect(await interrupted).toMatchObject({ outcome: 'interrupted' });

    expect((await put(JSON.stringify({ dropAfterBytes: null }))).status).toBe(200);
    const whole = printer.nextJob(5000);
    expect(await send()).toMatchObject({ ok: true });
    expect(await whole).toMatchObject({ outcome: 'printed' });
    expect(await (await fetch(`${control.url}/faults`)).json()).toEqual(noPrinterFaults);
  });

  it('refuses an unknown field, a wrong value, a body that is not an object or is too large, and changes nothing', async () => {
    for (const body of [
      JSON.stringify({ jam: true }),
      JSON.stringify({ dropAfterBytes: 0 }),
      JSON.stringify({ paper: 'wet' }),
      '[1]',
      'not json',
      JSON.stringify({ coverOpen: 'x'.repeat(faultControlBodyMaxBytes) }),
    ]) {
      const answer = await put(body);
      expect(answer.status, body.slice(0, 40)).toBe(400);
    }
    expect(printer.faults).toEqual(noPrinterFaults);
    expect((await fetch(`${control.url}/faults`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${control.url}/jobs`)).status).toBe(404);
  });
});
