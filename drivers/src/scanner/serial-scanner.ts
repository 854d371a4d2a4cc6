/**
 * A serial barcode/QR scanner (RS-232, USB-serial, or a Bluetooth scanner in SPP mode): it
 * sends each code as a line ended by CR, LF or CR LF. Lines are bounded (a scanner stuck
 * without a terminator cannot grow memory) and the port is reopened with capped backoff
 * after an unplug, so a scanner plugged back in works again without a restart.
 */
import { SerialPort } from 'serialport';
import type { SerialPortFactory } from '../printer/serial.js';

export interface SerialScannerOptions {
  readonly path: string;
  readonly baudRate: number;
  /** Longer lines are dropped: no scanned code is that long. */
  readonly maxLineChars?: number;
  readonly reopenBaseMs?: number;
  readonly reopenMaxMs?: number;
  readonly openPort?: SerialPortFactory;
}

export type ScannerState = { state: 'open' } | { state: 'closed'; detail: string };

export interface SerialScanner {
  close(): Promise<void>;
}

interface ReadablePort {
  open(callback: (error: Error | null) => void): void;
  close(callback: (error: Error | null) => void): void;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'close' | 'error', listener: (error?: Error) => void): unknown;
  removeAllListeners(): unknown;
  readonly isOpen: boolean;
}

export function openSerialScanner(
  options: SerialScannerOptions,
  onCode: (code: string) => void,
  onState: (state: ScannerState) => void = () => undefined,
): SerialScanner {
  const maxLineChars = options.maxLineChars ?? 4096;
  const reopenBaseMs = options.reopenBaseMs ?? 1_000;
  const reopenMaxMs = options.reopenMaxMs ?? 30_000;
  const openPort = options.openPort ?? ((o) => new SerialPort(o));
  let closed = false;
  let failures = 0;
  let port: ReadablePort | undefined;
  let timer: NodeJS.Timeout | undefined;
  let line = '';
  let overlong = false;

  const consume = (data: Buffer): void => {
    // Latin-1: every byte is one character, so a stray byte never eats its neighbours.
    for (const char of data.toString('latin1')) {
      if (char === '\r' || char === '\n') {
        if (line.length > 0 && !overlong) onCode(line);
        line = '';
        overlong = false;
      } else if (line.length >= maxLineChars) {
        overlong = true;
        line = '';
      } else if (!overlong) line += char;
    }
  };

  const reopenLater = (detail: string): void => {
    port?.removeAllListeners();
    port = undefined;
    onState({ state: 'closed', detail });
    if (closed) return;
    const delayMs = Math.min(reopenMaxMs, reopenBaseMs * 2 ** Math.min(failures++, 16));
    timer = setTimeout(open, delayMs);
    timer.unref();
  };

  function open(): void {
    if (closed) return;
    let candidate: ReadablePort;
    try {
      candidate = openPort({
        path: options.path,
        baudRate: options.baudRate,
        autoOpen: false,
      }) as unknown as ReadablePort;
    } catch (error) {
      reopenLater((error as Error).message);
      return;
    }
    candidate.open((error) => {
      if (error !== null) {
        reopenLater(error.message);
        return;
      }
      if (closed) {
        candidate.close(() => undefined);
        return;
      }
      port = candidate;
      failures = 0;
      line = '';
      onState({ state: 'open' });
      candidate.on('data', consume);
      candidate.on('close', () => reopenLater('port closed (unplugged?)'));
      candidate.on('error', (e) => reopenLater(e?.message ?? 'port error'));
    });
  }
  open();

  return {
    close: async () => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      const current = port;
      port = undefined;
      if (current?.isOpen === true) {
        current.removeAllListeners();
        await new Promise<void>((resolve) => current.close(() => resolve()));
      }
    },
  };
}
