// Proves the simulated printer's faults behave as a real printer's do for a driver: status
// requests say paper end or cover open and a job sent anyway is not printed; a slow printer
// still answers status at once; a cut connection leaves a partial job; offline refuses or
// resets connections; each fault set at runtime and cleared again.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parsePrinterStatus, tcpTransport } from '@ismail/drivers';
import { invoiceEscPos } from '@ismail/shared';
import { noPrinterFaults, startNetworkPrinter, type NetworkPrinter } from '../src/printer/network-printer.js';

const ticket = invoiceEscPos(
  [
    { type: 'title', text: 'Maquis Chez Tantie' },
    { type: 'totals', rows: [], grand: ['Total', '3 000 FCFA'] },
  ],
  '80mm',
);

describe('simulated printer faults', () => {
  let printer: NetworkPrinter;
  const transport = () =>
    tcpTransport({ host: '127.0.0.1', port: printer.port, connectTimeoutMs: 2000, ioTimeoutMs: 5000 });
  const statuses = async (): Promise<(number | null)[]> => {
    const answers: (number | null)[] = [];
    for (const n of [1, 2, 3, 4] as const) {
      const result = await transport().queryStatus(n);
      answers.push(result.ok ? result.value : null);
    }
    return answers;
  };

  beforeAll(async () => {
    printer = await startNetworkPrinter({ host: '127.0.0.1', port: 0 });
  });
  afterEach(async () => {
    await printer.setFaults(noPrinterFaults);
  });
  afterAll(async () => {
    await printer.stop();
  });

  it('paper out: DLE EOT 1/2/4 answer offline, paper-end stop and paper end (0x1A, 0x32, 0x72); a job sent anyway is not printed', async () => {
    await printer.setFaults({ paper: 'out' });
    const [printerStatus, offlineCause, errorCause, paperSensor] = await statuses();
    expect([printerStatus, offlineCause, errorCause, paperSensor]).toEqual([0x1a, 0x32, 0x12, 0x72]);
    expect(parsePrinterStatus(offlineCause ?? undefined, paperSensor ?? undefined)).toBe('paper_out');

    const next = printer.nextJob(5000);
    expect(await transport().send(ticket)).toMatchObject({ ok: true });
    const job = await next;
    expect(job).toMatchObject({
      outcome: 'not-printed',
      printed: false,
      notPrintedBecause: 'paper-out',
      text: '',
      png: null,
    });
    // What it was told is still on record, for whoever looks into the lost ticket.
    expect(job.transcript.text).toContain('Maquis Chez Tantie');

    await printer.setFaults({ paper: 'ok' });
    expect(await statuses()).toEqual([0x12, 0x12, 0x12, 0x12]);
    const retried = printer.nextJob(5000);
    expect(await transport().send(ticket)).toMatchObject({ ok: true });
    expect(await retried).toMatchObject({ outcome: 'printed', printed: true, notPrintedBecause: null });
  });

  it('cover open: DLE EOT 2 answers 0x16 and the job is not printed; paper near end still prints (0x1E)', async () => {
    await printer.setFaults({ coverOpen: true });
    expect(await statuses()).toEqual([0x1a, 0x16, 0x12, 0x12]);
    const next = printer.nextJob(5000);
    await transport().send(ticket);
    expect(await next).toMatchObject({ outcome: 'not-printed', notPrintedBecause: 'cover-open' });

    await printer.setFaults({ coverOpen: false, paper: 'near-end' });
    expect(await statuses()).toEqual([0x12, 0x12, 0x12, 0x1e]);
    const nearEnd = printer.nextJob(5000);
    await transport().send(ticket);
    expect(await nearEnd).toMatchObject({ outcome: 'printed' });
  });

  it('slow printing: the job takes bytes ÷ speed to print, while DLE EOT on the same connection is answered at once', async () => {
    await printer.setFaults({ printBytesPerSecond: 1000 });
    const bytes = Buffer.from(`${'x'.repeat(47)}\n`.repeat(20), 'latin1'); // 960 bytes: about 960 ms
    const started = performance.now();
    const next = printer.nextJob(10_000);
    const statusAfterMs = await new Promise<number>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: printer.port }, () =>
        socket.write(Buffer.concat([bytes, Uint8Array.of(0x10, 0x04, 4)])),
      );
      socket.once('data', (data: Buffer) => {
        expect(data[0]).toBe(0x12);
        resolve(performance.now() - started);
        socket.end();
      });
      socket.on('error', reject);
    });
    const printed = await next;
    const printedAfterMs = performance.now() - started;
    expect(printedAfterMs).toBeGreaterThanOrEqual(900);
    // "At once" relative to the print, not to a wall-clock figure a loaded CI machine could miss.
    expect(statusAfterMs).toBeLessThan(printedAfterMs / 2);
    expect(printed.text.split('\n').filter((line) => line !== '')).toHaveLength(20);
    expect(printed.statusRequests).toBe(1);
  });

  it('slow printing: GS r is answered only when the print head reaches it (0x00 paper present)', async () => {
    await printer.setFaults({ printBytesPerSecond: 1000 });
    const next = printer.nextJob(5000);
    const started = performance.now();
    const answer = await new Promise<{ value: number | undefined; afterMs: number }>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: printer.port }, () =>
        socket.write(
          Buffer.concat([Buffer.from(`${'y'.repeat(49)}\n`.repeat(10), 'latin1'), Uint8Array.of(0x1d, 0x72, 1)]),
        ),
      );
      socket.once('data', (data: Buffer) => {
        resolve({ value: data[0], afterMs: performance.now() - started });
        socket.end();
      });
      socket.on('error', reject);
    });
    expect(answer.value).toBe(0x00);
    expect(answer.afterMs).toBeGreaterThanOrEqual(450);
    expect((await next).transcript.events).toContainEqual(expect.objectContaining({ type: 'transmit-status', n: 1 }));
  });

  it('drops the connection after N bytes: the sender sees it closed, the job holds exactly the first N bytes', async () => {
    await printer.setFaults({ dropAfterBytes: 100 });
    const lines = Buffer.from(
      Array.from({ length: 10 }, (_, i) => `ligne ${String(i).padStart(2, '0')} ${'.'.repeat(30)}\n`).join(''),
      'latin1',
    );
    const next = printer.nextJob(5000);
    const closedBy = await new Promise<'server' | 'error'>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port: printer.port }, () => socket.write(lines));
      socket.on('error', () => resolve('error'));
      socket.on('end', () => resolve('server'));
    });
    expect(['server', 'error']).toContain(closedBy);
    const job = await next;
    expect(job.outcome).toBe('interrupted');
    expect(job.bytes.equals(lines.subarray(0, 100))).toBe(true);
    // Two whole lines and half a third, printed as the printer got them.
    expect(job.text).toBe(`${lines.subarray(0, 100).toString('latin1')}\n`);

    // Raw TCP's blind spot: a job small enough for the kernel's buffers has "left" before
    // the printer cuts the connection, so the sender sees success for a partial ticket.
    const cut = printer.nextJob(5000);
    expect(await transport().send(lines)).toMatchObject({ ok: true });
    expect(await cut).toMatchObject({ outcome: 'interrupted', printed: true });
  });

  it('offline: "refuse" makes connecting fail, "drop" resets at once; back online it prints again', async () => {
    const before = printer.jobs.length;
    await printer.setFaults({ offline: 'refuse' });
    expect(await transport().send(ticket)).toMatchObject({ ok: false, code: 'PRINTER_UNREACHABLE' });
    await printer.setFaults({ offline: 'drop' });
    // Reset during or right after the handshake: unreachable or lost, never a status byte.
    const dropped = await transport().queryStatus(1);
    expect(dropped.ok ? dropped.value : dropped.code).toMatch(/^PRINTER_(UNREACHABLE|CONNECTION_LOST)$/);
    expect(printer.jobs.length).toBe(before);

    await printer.setFaults({ offline: null });
    const next = printer.nextJob(5000);
    expect(await transport().send(ticket)).toMatchObject({ ok: true });
    expect((await next).outcome).toBe('printed');
  });

  it('refuses nonsense fault values as programmer errors', async () => {
    await expect(printer.setFaults({ printBytesPerSecond: 0 })).rejects.toThrow(RangeError);
    await expect(printer.setFaults({ dropAfterBytes: 1.5 })).rejects.toThrow(RangeError);
    expect(printer.faults).toEqual(noPrinterFaults);
  });
});
