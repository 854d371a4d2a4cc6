/**
 * USB transport (`usb`, libusb): ESC/POS printers are USB printer-class devices with a bulk
 * OUT endpoint for the job and, on most, a bulk IN endpoint that answers DLE EOT status
 * requests. The kernel's usblp driver is detached while we hold the interface (and given
 * back after), so the printer works whether or not the OS bound it. The library is loaded
 * on first use: a machine where libusb cannot load reports the transport as unavailable.
 */
import type { PrinterTransport, TransportResult } from './transport.js';

/** The part of the `usb` library's legacy API this transport uses (mocked in tests: no hardware here). */
export interface UsbEndpointLike {
  readonly direction: 'in' | 'out';
  readonly transferType: number;
  timeout: number;
  transfer(data: Buffer, callback: (error: Error | undefined) => void): unknown;
  transfer(length: number, callback: (error: Error | undefined, data?: Buffer) => void): unknown;
}
export interface UsbInterfaceLike {
  readonly endpoints: readonly UsbEndpointLike[];
  isKernelDriverActive(): boolean;
  detachKernelDriver(): void;
  attachKernelDriver(): void;
  claim(): void;
  release(closeEndpoints: boolean, callback: (error?: Error) => void): void;
}
export interface UsbDeviceLike {
  readonly deviceDescriptor: { readonly idVendor: number; readonly idProduct: number };
  open(): void;
  close(): void;
  readonly interfaces?: readonly UsbInterfaceLike[] | undefined;
}
export interface UsbLib {
  findByIds(vendorId: number, productId: number): UsbDeviceLike | undefined;
  getDeviceList(): UsbDeviceLike[];
}

const bulkTransfer = 2; // LIBUSB_TRANSFER_TYPE_BULK

export async function loadUsb(): Promise<TransportResult<UsbLib>> {
  try {
    const lib = (await import('usb')) as unknown as UsbLib;
    return { ok: true, value: lib };
  } catch (error) {
    return { ok: false, code: 'TRANSPORT_UNAVAILABLE', detail: `USB library unavailable: ${(error as Error).message}` };
  }
}

export interface UsbTransportOptions {
  readonly vendorId: number;
  readonly productId: number;
  readonly ioTimeoutMs?: number;
  /** Tests pass a mock of the library's objects; the default loads `usb`. */
  readonly lib?: () => Promise<TransportResult<UsbLib>>;
}

const hex = (n: number): string => n.toString(16).padStart(4, '0');

export function usbTransport(options: UsbTransportOptions): PrinterTransport {
  const ioTimeoutMs = options.ioTimeoutMs ?? 10_000;
  const load = options.lib ?? loadUsb;
  const address = `usb://${hex(options.vendorId)}:${hex(options.productId)}`;

  /**
   * Opens the device and claims its first interface with a bulk OUT endpoint; `use` runs with it, then everything is
   * given back.
   */
  async function withPrinter<T>(
    use: (out: UsbEndpointLike, input: UsbEndpointLike | undefined) => Promise<TransportResult<T>>,
  ): Promise<TransportResult<T>> {
    const lib = await load();
    if (!lib.ok) return lib;
    let device: UsbDeviceLike | undefined;
    try {
      device = lib.value.findByIds(options.vendorId, options.productId);
    } catch (error) {
      return { ok: false, code: 'TRANSPORT_UNAVAILABLE', detail: (error as Error).message };
    }
    if (device === undefined) return { ok: false, code: 'PRINTER_UNREACHABLE', detail: `no USB device ${address}` };
    let claimed: UsbInterfaceLike | undefined;
    let reattach = false;
    try {
      device.open();
      for (const iface of device.interfaces ?? []) {
        const out = iface.endpoints.find((e) => e.direction === 'out' && e.transferType === bulkTransfer);
        if (out === undefined) continue;
        if (iface.isKernelDriverActive()) {
          iface.detachKernelDriver();
          reattach = true;
        }
        iface.claim();
        claimed = iface;
        out.timeout = ioTimeoutMs;
        const input = iface.endpoints.find((e) => e.direction === 'in' && e.transferType === bulkTransfer);
        if (input !== undefined) input.timeout = ioTimeoutMs;
        return await use(out, input);
      }
      return {
        ok: false,
        code: 'PRINTER_UNREACHABLE',
        detail: `USB device ${address} has no bulk OUT endpoint: not a printer`,
      };
    } catch (error) {
      return { ok: false, code: 'PRINTER_CONNECTION_LOST', detail: (error as Error).message };
    } finally {
      const iface = claimed;
      if (iface !== undefined) {
        await new Promise<void>((resolve) => iface.release(true, () => resolve()));
        if (reattach) {
          try {
            iface.attachKernelDriver();
          } catch {
            // The OS driver may refuse to come back (already rebound): nothing to give back.
          }
        }
      }
      try {
        device.close();
      } catch {
        // Unplugged while we held it: closing has nothing left to close.
      }
    }
  }

  return {
    address,
    send: (job) =>
      withPrinter(
        (out) =>
          new Promise((resolve) => {
            out.transfer(Buffer.from(job), (error) =>
              resolve(
                error === undefined
                  ? { ok: true, value: { bytesWritten: job.byteLength, confirmed: false } }
                  : { ok: false, code: 'PRINTER_CONNECTION_LOST', detail: error.message },
              ),
            );
          }),
      ),
    queryStatus: (request) =>
      withPrinter(async (out, input) => {
        if (input === undefined) return { ok: false, code: 'STATUS_UNSUPPORTED', detail: 'no bulk IN endpoint' };
        const written = await new Promise<Error | undefined>((resolve) =>
          out.transfer(Buffer.from([0x10, 0x04, request]), resolve),
        );
        if (written !== undefined) return { ok: false, code: 'PRINTER_CONNECTION_LOST', detail: written.message };
        return new Promise((resolve) => {
          input.transfer(1, (error, data) => {
            const status = data?.[0];
            if (error !== undefined) resolve({ ok: false, code: 'STATUS_UNSUPPORTED', detail: error.message });
            else if (status === undefined) resolve({ ok: false, code: 'STATUS_UNSUPPORTED', detail: 'empty status' });
            else resolve({ ok: true, value: status });
          });
        });
      }),
  };
}
