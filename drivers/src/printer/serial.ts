/**
 * Serial transport (`serialport`) for printers on RS-232, USB-serial adapters and Bluetooth
 * SPP (a paired printer appears as a serial device such as /dev/rfcomm0 or COM5). The port
 * is opened per job and closed after the bytes drained: the next job starts from a clean
 * port even if this one was cut. Status (DLE EOT n) is read back on the same line.
 */
import { SerialPort } from 'serialport';
import type { PrinterTransport, SendResult, TransportResult } from './transport.js';

/** The part of serialport's SerialPort this transport uses (the mock binding provides it too). */
export interface SerialPortLike {
  open(callback: (error: Error | null) => void): void;
  write(data: Buffer): boolean;
  drain(callback: (error: Error | null) => void): void;
  close(callback: (error: Error | null) => void): void;
  on(event: 'data', listener: (data: Buffer) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  readonly isOpen: boolean;
}

export type SerialPortFactory = (options: { path: string; baudRate: number; autoOpen: false }) => SerialPortLike;

export interface SerialTransportOptions {
  readonly path: string;
  readonly baudRate: number;
  readonly ioTimeoutMs?: number;
  /** Tests pass serialport's mock binding here; the default is the real SerialPort. */
  readonly openPort?: SerialPortFactory;
}

const defaultIoTimeoutMs = 10_000;
const statusTimeoutMs = 1_500;
const realPort: SerialPortFactory = (options) => new SerialPort(options);

function withTimeout<T>(
  ms: number,
  what: string,
  run: (done: (result: TransportResult<T>) => void) => void,
  onTimeout: 'PRINTER_TIMEOUT' | 'STATUS_UNSUPPORTED' = 'PRINTER_TIMEOUT',
): Promise<TransportResult<T>> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: TransportResult<T>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(
      () => done({ ok: false, code: onTimeout, detail: `${what} took over ${String(ms)} ms` }),
      ms,
    );
    run(done);
  });
}

function close(port: SerialPortLike): Promise<void> {
  return new Promise((resolve) => {
    if (!port.isOpen) resolve();
    else port.close(() => resolve());
  });
}

export function serialTransport(options: SerialTransportOptions): PrinterTransport {
  const ioTimeoutMs = options.ioTimeoutMs ?? defaultIoTimeoutMs;
  const openPort = options.openPort ?? realPort;

  async function opened(): Promise<TransportResult<SerialPortLike>> {
    let port: SerialPortLike;
    try {
      port = openPort({ path: options.path, baudRate: options.baudRate, autoOpen: false });
    } catch (error) {
      return { ok: false, code: 'PRINTER_UNREACHABLE', detail: (error as Error).message };
    }
    const result = await withTimeout<SerialPortLike>(ioTimeoutMs, 'opening the port', (done) => {
      port.open((error) =>
        done(
          error === null
            ? { ok: true, value: port }
            : { ok: false, code: 'PRINTER_UNREACHABLE', detail: error.message },
        ),
      );
    });
    if (!result.ok) await close(port);
    return result;
  }

  return {
    address: `serial://${options.path}@${String(options.baudRate)}`,

    async send(job) {
      const port = await opened();
      if (!port.ok) return port;
      const result = await withTimeout<SendResult>(ioTimeoutMs, 'sending the job', (done) => {
        port.value.on('error', (error) => done({ ok: false, code: 'PRINTER_CONNECTION_LOST', detail: error.message }));
        port.value.write(Buffer.from(job));
        port.value.drain((error) =>
          done(
            error === null
              ? { ok: true, value: { bytesWritten: job.byteLength, confirmed: false } }
              : { ok: false, code: 'PRINTER_CONNECTION_LOST', detail: error.message },
          ),
        );
      });
      await close(port.value);
      return result;
    },

    async queryStatus(request) {
      const port = await opened();
      if (!port.ok) return port;
      // A serial line cannot tell a silent printer from one that never answers status
      // requests (many cheap ones): a silence is "no status", not "offline".
      const result = await withTimeout<number>(
        statusTimeoutMs,
        'reading the status',
        (done) => {
          port.value.on('data', (data) => {
            const status = data[0];
            if (status !== undefined) done({ ok: true, value: status });
          });
          port.value.on('error', (error) =>
            done({ ok: false, code: 'PRINTER_CONNECTION_LOST', detail: error.message }),
          );
          port.value.write(Buffer.from([0x10, 0x04, request]));
        },
        'STATUS_UNSUPPORTED',
      );
      await close(port.value);
      return result;
    },
  };
}
