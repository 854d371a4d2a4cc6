// Proves the simulated serial scanner (mock serial binding, no hardware here) types codes
// byte by byte with the configured line ending into a serialport port the host opened,
// that the drivers' scanner reader gets each code once, and that it refuses what a real
// scanner cannot send.
import { SerialPortStream } from '@serialport/stream';
import { ReadlineParser } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { openSerialScanner } from '@ismail/drivers';
import { startSerialScannerSimulator, type SerialScannerSimulator } from '../src/scanner/serial-scanner.js';

function collectLines(stream: NodeJS.ReadableStream, count: number, timeoutMs = 3000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    const timer = setTimeout(
      () => reject(new Error(`only ${String(lines.length)} of ${String(count)} lines`)),
      timeoutMs,
    );
    stream.on('data', (line: string) => {
      lines.push(line);
      if (lines.length === count) {
        clearTimeout(timer);
        resolve(lines);
      }
    });
  });
}

describe('serial scanner simulator (mock serial binding, no hardware here)', () => {
  let scanner: SerialScannerSimulator | undefined;
  afterEach(() => {
    scanner?.close();
  });

  it('delivers codes with CR LF to a serialport SerialPort opened on the mock path, byte by byte, in order', async () => {
    scanner = startSerialScannerSimulator({ path: '/dev/ttyACM-sim0', lineEnding: 'CRLF' });
    const port = scanner.openPort({ path: '/dev/ttyACM-sim0', baudRate: 9600 });
    await new Promise<void>((resolve, reject) => port.on('open', resolve).on('error', reject));
    const chunks: Buffer[] = [];
    port.on('data', (chunk: Buffer) => chunks.push(chunk));
    const lines = collectLines(port.pipe(new ReadlineParser({ delimiter: '\r\n', encoding: 'utf8' })), 3);
    const results = await Promise.all([
      scanner.scan('6111234567895'),
      scanner.scan('SKU-PAGNE-12'),
      scanner.scan('Crème brûlée'),
    ]);
    expect(results).toEqual([
      { ok: true, bytesSent: 15 },
      { ok: true, bytesSent: 14 },
      { ok: true, bytesSent: 17 }, // "è", "û" and "é" are two bytes each in UTF-8
    ]);
    expect(await lines).toEqual(['6111234567895', 'SKU-PAGNE-12', 'Crème brûlée']);
    // Typed, not pasted: the host got the bytes in many small reads.
    expect(chunks.length).toBeGreaterThan(3);
    await new Promise<void>((resolve) => port.close(() => resolve()));
  });

  it('ends lines with CR alone when configured, through a SerialPortStream on its binding', async () => {
    scanner = startSerialScannerSimulator({ path: '/dev/ttyS-sim1', lineEnding: 'CR', byteDelayMs: 0 });
    const port = new SerialPortStream({ binding: scanner.binding, path: '/dev/ttyS-sim1', baudRate: 9600 });
    await new Promise<void>((resolve, reject) => port.on('open', resolve).on('error', reject));
    const raw: Buffer[] = [];
    port.on('data', (chunk: Buffer) => raw.push(chunk));
    expect(await scanner.scan('3017620422003')).toEqual({ ok: true, bytesSent: 14 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(Buffer.concat(raw).toString('latin1')).toBe('3017620422003\r');
    await new Promise<void>((resolve) => port.close(() => resolve()));
  });

  it("feeds the drivers' serial scanner reader, which reports each code once", async () => {
    scanner = startSerialScannerSimulator({ path: '/dev/ttyACM-sim2', lineEnding: 'LF' });
    const codes: string[] = [];
    const reader = openSerialScanner({ path: '/dev/ttyACM-sim2', baudRate: 9600, openPort: scanner.openPort }, (code) =>
      codes.push(code),
    );
    for (let i = 0; i < 100 && !scanner.isOpen; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await scanner.scan('6111234567895');
    await scanner.scan('6111234567892');
    for (let i = 0; i < 100 && codes.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(codes).toEqual(['6111234567895', '6111234567892']);
    await reader.close();
  });

  it('reports a closed port and a closed scanner as values, and refuses codes a scanner cannot send', async () => {
    scanner = startSerialScannerSimulator({ path: '/dev/ttyACM-sim3' });
    expect(await scanner.scan('123')).toEqual({ ok: false, reason: 'port-closed' });
    expect(() => scanner?.scan('12\r34')).toThrow(RangeError);
    expect(() => scanner?.scan('')).toThrow(RangeError);
    scanner.close();
    expect(await scanner.scan('123')).toEqual({ ok: false, reason: 'scanner-closed' });
  });
});
