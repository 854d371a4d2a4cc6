// Proves discovery reports each transport's availability with its reason (a missing
// udevadm, no Bluetooth adapter) and keeps listing the rest, on this machine and with
// stand-ins for the system; and that STAR tickets (node-thermal-printer, code page 858: ESC GS t 4)
// and EPSON tickets (shared encoder, WPC1252: ESC t 16) carry French text, the QR, and a
// DUPLICATA banner on copies.
import { describe, expect, it } from 'vitest';
import {
  discoverPrinters,
  encodeTicket,
  parsePrinterStatus,
  systemDiscoveryDeps,
  type UsbDeviceLike,
} from '../src/index.js';

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const cp858 = (text: string): string =>
  latin1(Uint8Array.from([...text].map((c) => ({ è: 0x8a, û: 0x96, é: 0x82 })[c] ?? c.charCodeAt(0))));

describe('printer discovery', () => {
  it('lists USB receipt printers and serial ports, and says why Bluetooth and serial listing are unavailable', async () => {
    const epson = {
      deviceDescriptor: { idVendor: 0x04b8, idProduct: 0x0202 },
      open: () => undefined,
      close: () => undefined,
    };
    const mouse = {
      deviceDescriptor: { idVendor: 0x046d, idProduct: 0xc077 },
      open: () => undefined,
      close: () => undefined,
    };
    const found = await discoverPrinters({
      ...systemDiscoveryDeps,
      usb: async () => ({
        ok: true,
        value: { findByIds: () => undefined, getDeviceList: () => [epson, mouse] as UsbDeviceLike[] },
      }),
      listSerial: () => Promise.reject(Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT' })),
      bluetoothAdapters: async () => [],
    });
    expect(found.candidates).toEqual([
      { transport: 'usb', label: 'EPSON 0x04b8:0x0202', settings: { vendorId: 0x04b8, productId: 0x0202 } },
    ]);
    const byTransport = Object.fromEntries(found.transports.map((t) => [t.transport, t]));
    expect(byTransport.tcp?.available).toBe(true);
    expect(byTransport.serial).toMatchObject({
      available: false,
      detail: expect.stringContaining('udevadm is missing') as unknown,
    });
    expect(byTransport.bluetooth_spp).toEqual({
      transport: 'bluetooth_spp',
      available: false,
      detail: 'no Bluetooth adapter',
    });
    expect(byTransport.ble).toEqual({ transport: 'ble', available: false, detail: 'no Bluetooth adapter' });
  });

  it('runs on this machine (no printer, no Bluetooth) without throwing, one line per transport', async () => {
    const found = await discoverPrinters();
    expect(found.transports.map((t) => t.transport).sort()).toEqual(['ble', 'bluetooth_spp', 'serial', 'tcp', 'usb']);
  });
});

describe('ticket encoding', () => {
  const blocks = [
    { type: 'title', text: 'Chez Awa' },
    { type: 'lines', header: ['a', 'b', 'c', 'd'], rows: [['Crème brûlée\x1bp\x00', '1', '12 500', '12 500 FCFA']] },
    { type: 'qr', data: 'https://ismail.ci/v/1', caption: 'Vérifier' },
  ] as const;

  it('EPSON: code page WPC1252, the QR, a cut; a copy starts with its DUPLICATA banner', () => {
    const original = latin1(encodeTicket(blocks, { commandSet: 'epson', widthMm: 80, copy: 0 }));
    expect(original.startsWith('\x1b@\x1bt\x10')).toBe(true); // WPC1252
    expect(original).toContain('Crème brûléep'); // WPC1252 is Latin-1 for these letters
    expect(original).toContain('\x1d(k\x18\x001P0https://ismail.ci/v/1');
    expect(original).not.toContain('DUPLICATA');
    const copy = latin1(encodeTicket(blocks, { commandSet: 'epson', widthMm: 58, copy: 2, openDrawer: false }));
    expect(copy).toContain('*** DUPLICATA 2 ***');
    expect(copy).not.toContain('\x1bp');
  });

  it('STAR: the STAR code page command, QR and cut (node-thermal-printer), with the same hygiene', () => {
    const star = latin1(encodeTicket(blocks, { commandSet: 'star', widthMm: 80, copy: 1, openDrawer: true }));
    expect(star).toContain('\x1b\x1dt\x04'); // STAR: code page 858
    expect(star).toContain(cp858('Crème brûléep'));
    expect(star).toContain('\x1b\x1dyD1\x00\x15\x00https://ismail.ci/v/1\x1b\x1dyP'); // STAR: store, then print the QR
    expect(star).toContain('https://ismail.ci/v/1');
    expect(star).toContain('*** DUPLICATA 1 ***');
    expect(star).not.toContain('\x1bp\x00'); // the label's kick never survives
  });
});

describe('EPSON status bytes', () => {
  it('reads paper out, cover open, paper low and ready, and ignores noise', () => {
    expect(parsePrinterStatus(0x12, 0x12)).toBe('ready');
    expect(parsePrinterStatus(0x12, 0x72)).toBe('paper_out');
    expect(parsePrinterStatus(0x32, undefined)).toBe('paper_out');
    expect(parsePrinterStatus(0x16, 0x12)).toBe('cover_open');
    expect(parsePrinterStatus(0x12, 0x1e)).toBe('paper_low');
    expect(parsePrinterStatus(0xff, 0x00)).toBe('unknown');
    expect(parsePrinterStatus(undefined, undefined)).toBe('unknown');
  });
});
