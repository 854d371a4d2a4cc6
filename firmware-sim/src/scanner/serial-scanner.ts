/**
 * A simulated barcode scanner on a serial port (USB-COM or RS-232 mode): each scan "types"
 * the code's bytes one after the other, then the line terminator (CR LF by default, as set
 * by the scanner's suffix configuration), the way a real one sends them down the wire.
 *
 * It runs on serialport's mock binding (`@serialport/binding-mock`, no hardware here): the
 * scanner creates a mock port at `path`, and the host opens it either with `openPort` (a
 * `SerialPortMock`, serialport's SerialPort on MockBinding; it fits the drivers'
 * `openPort` factory) or with `binding` in a `SerialPortStream`. Both let the device side
 * reach the open port, which MockBinding alone does not expose.
 *
 * Owns: the mock port and the typing. Must never queue without bound, nor keep a timer
 * after `close()`.
 */
import { SerialPortMock } from 'serialport';

export type LineEnding = 'CRLF' | 'CR' | 'LF';

export interface SerialScannerSimulatorOptions {
  /** Where the port appears, e.g. "/dev/ttyACM0" (any name: it is a mock). */
  readonly path: string;
  readonly lineEnding?: LineEnding;
  /** Pause between bytes; 0 sends each code in one piece. Default 1 ms (about 9600 baud). */
  readonly byteDelayMs?: number;
}

type MockBindingInterface = typeof SerialPortMock.binding;
type MockPortBinding = NonNullable<SerialPortMock['port']>;

/** The host side of the port: what `SerialPortStream` takes as `binding`. */
export type ScannerBinding = Pick<MockBindingInterface, 'list' | 'open'>;

/** How the host opens the port: serialport's SerialPort on the mock binding. */
export type ScannerPortOptions = { readonly path: string; readonly baudRate: number; readonly autoOpen?: boolean };

export type ScanResult =
  | { readonly ok: true; readonly bytesSent: number }
  | { readonly ok: false; readonly reason: 'port-closed' | 'queue-full' | 'scanner-closed' };

export interface SerialScannerSimulator {
  readonly path: string;
  readonly binding: ScannerBinding;
  /** `new SerialPortMock(options)` that the scanner can type into once it is open. */
  readonly openPort: (options: ScannerPortOptions) => SerialPortMock;
  /** True while a host has the port open. */
  readonly isOpen: boolean;
  /** Sends one code (a string goes as UTF-8, as a QR holding text carries it). */
  scan(code: string | Uint8Array): Promise<ScanResult>;
  close(): void;
}

const terminators: Readonly<Record<LineEnding, readonly number[]>> = { CRLF: [0x0d, 0x0a], CR: [0x0d], LF: [0x0a] };

/** A 2D code holds at most a few KiB; 7089 digits is the largest QR. Longer is a test bug. */
export const scanMaxBytes = 8192;
/** Scans waiting to be typed; a person scans a few per second, so 64 is a stuck host. */
export const scansQueuedMax = 64;

export function startSerialScannerSimulator(options: SerialScannerSimulatorOptions): SerialScannerSimulator {
  const { path } = options;
  const terminator = terminators[options.lineEnding ?? 'CRLF'];
  const byteDelayMs = options.byteDelayMs ?? 1;
  if (!Number.isFinite(byteDelayMs) || byteDelayMs < 0) throw new RangeError('byteDelayMs must be ≥ 0');
  const mockBinding = SerialPortMock.binding;
  mockBinding.createPort(path, { echo: false, record: false, manufacturer: 'ISMAIL simulated scanner' });

  let port: MockPortBinding | null = null;
  let closed = false;
  let queued = 0;
  let typing: Promise<unknown> = Promise.resolve();
  /** Pauses between bytes; `close()` ends them early so no scan is left hanging. */
  const pauses = new Map<NodeJS.Timeout, () => void>();
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        pauses.delete(timer);
        resolve();
      }, ms);
      pauses.set(timer, resolve);
    });

  const binding: ScannerBinding = {
    list: () => mockBinding.list(),
    async open(openOptions) {
      const opened = await mockBinding.open(openOptions);
      if (openOptions.path === path) port = opened;
      return opened;
    },
  };
  const openPort = (portOptions: ScannerPortOptions): SerialPortMock => {
    const serialPort = new SerialPortMock({
      path: portOptions.path,
      baudRate: portOptions.baudRate,
      autoOpen: portOptions.autoOpen ?? true,
    });
    serialPort.on('open', () => {
      if (portOptions.path === path && serialPort.port !== undefined) port = serialPort.port;
    });
    return serialPort;
  };

  const type = async (bytes: Uint8Array): Promise<ScanResult> => {
    const line = Uint8Array.from([...bytes, ...terminator]);
    const pieces = byteDelayMs === 0 ? [line] : Array.from(line, (byte) => Uint8Array.of(byte));
    for (const [index, piece] of pieces.entries()) {
      if (closed) return { ok: false, reason: 'scanner-closed' };
      if (port === null || !port.isOpen) return { ok: false, reason: 'port-closed' };
      if (index > 0) await pause(byteDelayMs);
      if (closed) return { ok: false, reason: 'scanner-closed' };
      if (port === null || !port.isOpen) return { ok: false, reason: 'port-closed' };
      port.emitData(Buffer.from(piece));
    }
    return { ok: true, bytesSent: line.length };
  };

  return {
    path,
    binding,
    openPort,
    get isOpen() {
      return port?.isOpen ?? false;
    },
    scan(code) {
      const bytes = typeof code === 'string' ? new TextEncoder().encode(code) : code;
      if (bytes.length === 0 || bytes.length > scanMaxBytes)
        throw new RangeError(`a code is 1 to ${String(scanMaxBytes)} bytes`);
      if (bytes.includes(0x0d) || bytes.includes(0x0a))
        throw new RangeError('a code cannot hold CR or LF: they end the line');
      if (closed) return Promise.resolve({ ok: false, reason: 'scanner-closed' });
      if (queued >= scansQueuedMax) return Promise.resolve({ ok: false, reason: 'queue-full' });
      queued++;
      // One code at a time, in order: a scanner never interleaves two reads.
      const result = typing.then(() => type(bytes)).finally(() => queued--);
      typing = result.catch(() => undefined);
      return result;
    },
    close() {
      closed = true;
      for (const [timer, resolve] of pauses) {
        clearTimeout(timer);
        resolve();
      }
      pauses.clear();
    },
  };
}
