/**
 * What this machine can print through, and the printers it can see (SPEC 3.9): USB devices
 * that look like receipt printers, serial ports, paired Bluetooth SPP devices, and whether
 * BLE is usable. A missing system tool (serialport lists ports through `udevadm` on Linux)
 * or a missing Bluetooth adapter makes that transport "unavailable" with the reason; it
 * never stops the listing, let alone the hub.
 */
import { readdir } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import type { PrinterTransportKind } from '@ismail/shared';
import { loadNoble, type NobleLike } from './ble.js';
import type { TransportResult } from './transport.js';
import { loadUsb, type UsbLib } from './usb.js';

export interface TransportAvailability {
  readonly transport: PrinterTransportKind;
  readonly available: boolean;
  readonly detail: string;
}

export interface PrinterCandidate {
  readonly transport: PrinterTransportKind;
  readonly label: string;
  /** What to put in a printer's configuration to use this device. */
  readonly settings: Readonly<Record<string, string | number>>;
}

export interface Discovery {
  readonly transports: TransportAvailability[];
  readonly candidates: PrinterCandidate[];
}

/** Vendors of common ESC/POS printers (EPSON, STAR, Citizen, Bixolon, and the chipsets of cheap 58/80 mm ones). */
export const receiptPrinterVendors: ReadonlyMap<number, string> = new Map([
  [0x04b8, 'EPSON'],
  [0x0519, 'STAR'],
  [0x1d90, 'Citizen'],
  [0x1504, 'Bixolon'],
  [0x0416, 'Winbond (POS-58/80)'],
  [0x0483, 'STMicro (Xprinter)'],
  [0x0fe6, 'ICS (POS-80)'],
  [0x28e9, 'GigaDevice (POS)'],
]);
const printerInterfaceClass = 7;

export interface DiscoveryDeps {
  readonly usb: () => Promise<TransportResult<UsbLib>>;
  readonly listSerial: () => Promise<{ path: string; manufacturer?: string | undefined }[]>;
  readonly bluetoothAdapters: () => Promise<string[]>;
  readonly rfcommDevices: () => Promise<string[]>;
  readonly noble: () => Promise<TransportResult<NobleLike>>;
}

const listDir = async (dir: string, filter: (name: string) => boolean = () => true): Promise<string[]> =>
  (await readdir(dir).catch(() => [] as string[])).filter(filter);

export const systemDiscoveryDeps: DiscoveryDeps = {
  usb: loadUsb,
  listSerial: () => SerialPort.list(),
  bluetoothAdapters: () => listDir('/sys/class/bluetooth', (n) => n.startsWith('hci')),
  rfcommDevices: async () => (await listDir('/dev', (n) => /^rfcomm\d+$/.test(n))).map((n) => `/dev/${n}`),
  noble: loadNoble,
};

const hex = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;

function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT')
    return 'udevadm is missing: serial ports cannot be listed (a port can still be added by its path)';
  return e.message;
}

export async function discoverPrinters(deps: DiscoveryDeps = systemDiscoveryDeps): Promise<Discovery> {
  const transports: TransportAvailability[] = [
    { transport: 'tcp', available: true, detail: 'network printers are added by address (port 9100)' },
  ];
  const candidates: PrinterCandidate[] = [];

  const usb = await deps.usb();
  if (!usb.ok) transports.push({ transport: 'usb', available: false, detail: usb.detail });
  else {
    try {
      const devices = usb.value.getDeviceList();
      for (const device of devices) {
        const { idVendor, idProduct } = device.deviceDescriptor;
        const configuration = (device as { configDescriptor?: { interfaces?: { bInterfaceClass: number }[][] } })
          .configDescriptor;
        const isPrinterClass =
          configuration?.interfaces?.some((alts) => alts.some((i) => i.bInterfaceClass === printerInterfaceClass)) ===
          true;
        const vendor = receiptPrinterVendors.get(idVendor);
        if (vendor === undefined && !isPrinterClass) continue;
        candidates.push({
          transport: 'usb',
          label: `${vendor ?? 'USB printer'} ${hex(idVendor)}:${hex(idProduct)}`,
          settings: { vendorId: idVendor, productId: idProduct },
        });
      }
      transports.push({ transport: 'usb', available: true, detail: `${String(devices.length)} USB devices seen` });
    } catch (error) {
      transports.push({
        transport: 'usb',
        available: false,
        detail: `USB devices cannot be listed: ${(error as Error).message}`,
      });
    }
  }

  try {
    const ports = await deps.listSerial();
    for (const port of ports)
      candidates.push({
        transport: 'serial',
        label: `${port.path}${port.manufacturer === undefined ? '' : ` (${port.manufacturer})`}`,
        settings: { path: port.path, baudRate: 9600 },
      });
    transports.push({ transport: 'serial', available: true, detail: `${String(ports.length)} serial ports` });
  } catch (error) {
    transports.push({ transport: 'serial', available: false, detail: describeError(error) });
  }

  const adapters = await deps.bluetoothAdapters();
  if (adapters.length === 0) {
    transports.push({ transport: 'bluetooth_spp', available: false, detail: 'no Bluetooth adapter' });
    transports.push({ transport: 'ble', available: false, detail: 'no Bluetooth adapter' });
  } else {
    for (const path of await deps.rfcommDevices())
      candidates.push({ transport: 'bluetooth_spp', label: path, settings: { path, baudRate: 9600 } });
    transports.push({
      transport: 'bluetooth_spp',
      available: true,
      detail: `adapters: ${adapters.join(', ')}; pair the printer and bind it to /dev/rfcommN`,
    });
    const noble = await deps.noble();
    transports.push(
      noble.ok
        ? { transport: 'ble', available: true, detail: `adapter ${noble.value.state}` }
        : { transport: 'ble', available: false, detail: noble.detail },
    );
  }
  return { transports, candidates };
}
