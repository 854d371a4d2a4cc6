// Proves the simulated network printer receives real ESC/POS bytes over TCP from the
// drivers' transport, answers status requests like a printer, and survives bad clients.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tcpTransport } from '@ismail/drivers';
import { jobMaxBytes, startNetworkPrinter, type NetworkPrinter } from '../src/printer/network-printer.js';

const ESC = 0x1b;
const GS = 0x1d;

describe('simulated network printer', () => {
  let printer: NetworkPrinter;
  let jobsDir: string;
  beforeAll(async () => {
    jobsDir = path.join(mkdtempSync(path.join(tmpdir(), 'ismail-printer-')), 'jobs');
    printer = await startNetworkPrinter({ host: '127.0.0.1', port: 0, jobsDir });
  });
  afterAll(async () => {
    await printer.stop();
  });

  it('records a ticket sent by the TCP transport, bytes and text', async () => {
    const job = Buffer.concat([
      Buffer.from([ESC, 0x40]), // initialise
      Buffer.from([ESC, 0x61, 1]), // centre
      Buffer.from('BOUTIQUE CHEZ ADJOUA\nTotal 12 500 FCFA\n', 'latin1'),
      Buffer.from([GS, 0x56, 0x00]), // cut
    ]);
    const transport = tcpTransport({ host: '127.0.0.1', port: printer.port });
    const next = printer.nextJob(5000);
    const sent = await transport.send(job);
    expect(sent).toEqual({ ok: true, value: { bytesWritten: job.length, confirmed: false } });
    const received = await next;
    expect(received.bytes.equals(job)).toBe(true);
    // Centred within 48 columns, as on the paper.
    const text = `${' '.repeat(14)}BOUTIQUE CHEZ ADJOUA\n${' '.repeat(15)}Total 12 500 FCFA\n`;
    expect(received).toMatchObject({ outcome: 'printed', printed: true, text });
    expect(received.transcript.cuts).toBe(1);
    const file = (extension: string) => path.join(jobsDir, `${String(received.id)}.${extension}`);
    expect(readFileSync(file('bin')).equals(job)).toBe(true);
    expect(readFileSync(file('txt'), 'utf8')).toBe(text);
    expect(readFileSync(file('png')).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(readFileSync(path.join(jobsDir, 'jobs.jsonl'), 'utf8')).toContain(
      `"outcome":"printed","notPrintedBecause":null,"cuts":1,"drawerKicks":0,"qrCodes":[],"wrappedLines":0,"text":${JSON.stringify(text)}`,
    );
  });

  it('confirms a whole job through GS r when asked, and reports a connection cut before that answer', async () => {
    const job = Buffer.from('Facture F-CLOUD-2026-000042\nTotal 12 500 FCFA\n', 'latin1');
    const transport = tcpTransport({ host: '127.0.0.1', port: printer.port });
    const next = printer.nextJob(5000);
    expect(await transport.send(job, { confirmWithinMs: 5000 })).toEqual({
      ok: true,
      value: { bytesWritten: job.length, confirmed: true },
    });
    const received = await next;
    expect(received.transcript.events).toContainEqual(expect.objectContaining({ type: 'transmit-status', n: 1 }));
    await printer.setFaults({ dropAfterBytes: 10 });
    const cut = printer.nextJob(5000);
    try {
      expect(await transport.send(job, { confirmWithinMs: 5000 })).toMatchObject({
        ok: false,
        code: 'PRINTER_CONNECTION_LOST',
      });
      expect((await cut).bytes.length).toBe(10);
    } finally {
      await printer.setFaults({ dropAfterBytes: null });
    }
  });

  it('answers a real-time status request (DLE EOT 1) without recording a job', async () => {
    const before = printer.jobs.length;
    const status = await tcpTransport({ host: '127.0.0.1', port: printer.port }).queryStatus(1);
    expect(status).toEqual({ ok: true, value: 0x12 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(printer.jobs.length).toBe(before);
  });

  it('drops a runaway job larger than the bound and keeps serving', async () => {
    const before = printer.jobs.length;
    await new Promise<void>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port: printer.port }, () => {
        socket.write(Buffer.alloc(jobMaxBytes + 1024, 0x41));
        socket.end();
      });
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
    });
    const next = printer.nextJob(5000);
    await tcpTransport({ host: '127.0.0.1', port: printer.port }).send(Buffer.from('after\n'));
    expect((await next).text).toBe('after\n');
    expect(printer.jobs.length).toBe(before + 1);
  });

  it('reports an unreachable printer as a value, not an exception', async () => {
    const result = await tcpTransport({ host: '127.0.0.1', port: 1, connectTimeoutMs: 1000 }).send(Buffer.from('x'));
    expect(result).toMatchObject({ ok: false, code: 'PRINTER_UNREACHABLE' });
    expect(existsSync(jobsDir)).toBe(true);
  });
});
