/**
 * Bluetooth Low Energy transport (`@abandonware/noble`): cheap BLE receipt printers take
 * ESC/POS on a writable GATT characteristic. A write carries at most MTU − 3 bytes, so a job
 * is cut into chunks written in order, each awaited. BLE gives no status channel that these
 * printers share, so status is "unsupported". Loading noble fails on a machine without a
 * Bluetooth adapter (EAFNOSUPPORT): the transport then reports itself unavailable.
 */
import type { PrinterTransport, SendResult, TransportResult } from './transport.js';

/** The part of noble's API this transport uses (mocked in tests: no Bluetooth here). */
export interface BleCharacteristicLike {
  readonly uuid: string;
  readonly properties: readonly string[];
  writeAsync(data: Buffer, withoutResponse: boolean): Promise<void>;
}
export interface BlePeripheralLike {
  readonly id: string;
  readonly address: string;
  readonly mtu: number | null;
  connectAsync(): Promise<void>;
  disconnectAsync(): Promise<void>;
  discoverAllServicesAndCharacteristicsAsync(): Promise<{ characteristics: BleCharacteristicLike[] }>;
}
export interface NobleLike {
  readonly state: string;
  on(event: 'stateChange', listener: (state: string) => void): unknown;
  on(event: 'discover', listener: (peripheral: BlePeripheralLike) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  startScanningAsync(serviceUuids?: string[], allowDuplicates?: boolean): Promise<void>;
  stopScanningAsync(): Promise<void>;
}

export async function loadNoble(): Promise<TransportResult<NobleLike>> {
  try {
    const mod = (await import('@abandonware/noble')) as unknown as { default: NobleLike };
    return { ok: true, value: mod.default };
  } catch (error) {
    return { ok: false, code: 'TRANSPORT_UNAVAILABLE', detail: `Bluetooth unavailable: ${(error as Error).message}` };
  }
}

export interface BleTransportOptions {
  readonly address: string;
  readonly serviceUuid?: string | undefined;
  readonly characteristicUuid?: string | undefined;
  readonly scanTimeoutMs?: number;
  readonly ioTimeoutMs?: number;
  readonly lib?: () => Promise<TransportResult<NobleLike>>;
}

/** ATT's default MTU is 23, of which 3 bytes are the write header. */
const defaultMtu = 23;
const attHeaderBytes = 3;

const norm = (s: string): string => s.toLowerCase().replace(/[^0-9a-f]/g, '');

export function chunkForMtu(job: Uint8Array, mtu: number | null): Buffer[] {
  const size = Math.max(1, (mtu ?? defaultMtu) - attHeaderBytes);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < job.byteLength; offset += size)
    chunks.push(Buffer.from(job.subarray(offset, offset + size)));
  return chunks;
}

function timeout<T>(ms: number, what: string, promise: Promise<TransportResult<T>>): Promise<TransportResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<TransportResult<T>>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, code: 'PRINTER_TIMEOUT', detail: `${what} took over ${String(ms)} ms` }),
      ms,
    );
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

export function bleTransport(options: BleTransportOptions): PrinterTransport {
  const load = options.lib ?? loadNoble;
  const scanTimeoutMs = options.scanTimeoutMs ?? 10_000;
  const ioTimeoutMs = options.ioTimeoutMs ?? 30_000;
  const wanted = norm(options.address);

  async function poweredOn(noble: NobleLike): Promise<TransportResult<NobleLike>> {
    if (noble.state === 'poweredOn') return { ok: true, value: noble };
    return timeout(
      scanTimeoutMs,
      'waiting for the Bluetooth adapter',
      new Promise((resolve) => {
        const listener = (state: string): void => {
          if (state === 'poweredOn') {
            noble.removeListener('stateChange', listener);
            resolve({ ok: true, value: noble });
          } else if (state === 'unsupported' || state === 'unauthorized') {
            noble.removeListener('stateChange', listener);
            resolve({ ok: false, code: 'TRANSPORT_UNAVAILABLE', detail: `Bluetooth adapter ${state}` });
          }
        };
        noble.on('stateChange', listener);
      }),
    );
  }

  async function find(noble: NobleLike): Promise<TransportResult<BlePeripheralLike>> {
    let listener: ((peripheral: BlePeripheralLike) => void) | undefined;
    const found = timeout(
      scanTimeoutMs,
      `finding ${options.address}`,
      new Promise<TransportResult<BlePeripheralLike>>((resolve) => {
        listener = (peripheral) => {
          if (norm(peripheral.address) === wanted || norm(peripheral.id) === wanted)
            resolve({ ok: true, value: peripheral });
        };
        noble.on('discover', listener);
      }),
    );
    await noble.startScanningAsync(options.serviceUuid === undefined ? [] : [norm(options.serviceUuid)], false);
    const result = await found;
    if (listener !== undefined) noble.removeListener('discover', listener);
    await noble.stopScanningAsync();
    return result.ok ? result : { ok: false, code: 'PRINTER_UNREACHABLE', detail: result.detail };
  }

  return {
    address: `ble://${options.address}`,

    async send(job) {
      const lib = await load();
      if (!lib.ok) return lib;
      const noble = await poweredOn(lib.value);
      if (!noble.ok) return noble;
      const peripheral = await find(noble.value);
      if (!peripheral.ok) return peripheral;
      const p = peripheral.value;
      const written = timeout(
        ioTimeoutMs,
        'sending the job',
        (async (): Promise<TransportResult<SendResult>> => {
          await p.connectAsync();
          const { characteristics } = await p.discoverAllServicesAndCharacteristicsAsync();
          const target = characteristics.find((c) =>
            options.characteristicUuid === undefined
              ? c.properties.includes('write') || c.properties.includes('writeWithoutResponse')
              : norm(c.uuid) === norm(options.characteristicUuid),
          );
          if (target === undefined)
            return { ok: false, code: 'PRINTER_UNREACHABLE', detail: 'no writable characteristic: not a BLE printer' };
          // With response when offered: each chunk acknowledged means none was dropped.
          const withoutResponse = !target.properties.includes('write');
          for (const chunk of chunkForMtu(job, p.mtu)) await target.writeAsync(chunk, withoutResponse);
          return { ok: true, value: { bytesWritten: job.byteLength, confirmed: false } };
        })().catch((error: unknown) => ({
          ok: false as const,
          code: 'PRINTER_CONNECTION_LOST' as const,
          detail: (error as Error).message,
        })),
      );
      const result = await written;
      await p.disconnectAsync().catch(() => undefined);
      return result;
    },

    async queryStatus() {
      const lib = await load();
      if (!lib.ok) return lib;
      return { ok: false, code: 'STATUS_UNSUPPORTED', detail: 'BLE printers give no status channel' };
    },
  };
}
