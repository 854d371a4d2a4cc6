// Proves the simulated printer is an honest decoder over real TCP: a ticket from the shared
// encoder comes out as the text a customer reads and as a PNG whose QR a standard reader
// decodes, and command bytes hidden in a product name act as commands unless sanitised.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tcpTransport } from '@ismail/drivers';
import { invoiceEscPos, type EscPosCodePage, type LayoutBlock } from '@ismail/shared';
import { startNetworkPrinter, type NetworkPrinter, type PrintJob } from '../src/printer/network-printer.js';

const verifyUrl = 'https://verify.ismail.example/f/FA-2026-000123?h=9f2c41ab';
const blocks: LayoutBlock[] = [
  { type: 'title', text: 'Pâtisserie Chez Adjoua' },
  {
    type: 'lines',
    header: ['Article', 'Qté', 'PU', 'Montant'],
    rows: [['Crème brûlée — 12 500 FCFA', '1', '12 500', '12 500']],
  },
  { type: 'totals', rows: [['Total HT', '10 593']], grand: ['Total TTC', '12 500 FCFA'] },
  { type: 'qr', data: verifyUrl, caption: 'Vérifiez cette facture' },
];

function decodeQrFromPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  // jsqr is CommonJS with `exports.default`: under NodeNext the default import is the module.
  return (
    jsQR.default(
      new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength),
      image.width,
      image.height,
    )?.data ?? null
  );
}

/** Sends raw bytes on one connection, as a driver without text hygiene would. */
function sendRaw(port: number, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.end(bytes));
    socket.on('error', reject);
    socket.on('close', () => resolve());
  });
}

describe('simulated printer decodes tickets honestly', () => {
  let printer: NetworkPrinter;
  let narrow: NetworkPrinter;
  let jobsDir: string;
  beforeAll(async () => {
    jobsDir = path.join(mkdtempSync(path.join(tmpdir(), 'ismail-ticket-')), 'jobs');
    printer = await startNetworkPrinter({ host: '127.0.0.1', port: 0, jobsDir });
    narrow = await startNetworkPrinter({ host: '127.0.0.1', port: 0, paperWidth: '58mm' });
  });
  afterAll(async () => {
    await printer.stop();
    await narrow.stop();
  });

  const print = async (target: NetworkPrinter, bytes: Uint8Array): Promise<PrintJob> => {
    const next = target.nextJob(5000);
    expect(await tcpTransport({ host: '127.0.0.1', port: target.port }).send(bytes)).toMatchObject({ ok: true });
    return next;
  };

  it.each<[EscPosCodePage, string]>([
    // WPC1252 has the em dash (0x97); PC858 does not, and the shared encoder spells it "-".
    ['wpc1252', 'Crème brûlée — 12 500 FCFA'],
    ['pc858', 'Crème brûlée - 12 500 FCFA'],
  ])(
    'a %s ticket sent over TCP prints the line "%s" and a QR that decodes from the PNG',
    async (codePage, expectedLine) => {
      const job = await print(printer, invoiceEscPos(blocks, '80mm', { codePage }));
      expect(job.outcome).toBe('printed');
      const lines = job.text.split('\n');
      expect(lines).toContain(expectedLine);
      expect(lines[0]).toBe(`${' '.repeat(13)}Pâtisserie Chez Adjoua`);
      expect(lines).toContain(`Total TTC${' '.repeat(28)}12 500 FCFA`);
      expect(job.transcript.qrCodes).toEqual([verifyUrl]);
      expect(job.transcript.cuts).toBe(1);
      expect(job.transcript.drawerKicks).toBe(0);

      const png = job.png ?? Buffer.alloc(0);
      expect(PNG.sync.read(png).width).toBe(576);
      expect(decodeQrFromPng(png)).toBe(verifyUrl);
      expect(readFileSync(path.join(jobsDir, `${String(job.id)}.png`)).equals(png)).toBe(true);
      expect(readFileSync(path.join(jobsDir, `${String(job.id)}.txt`), 'utf8')).toBe(job.text);
    },
  );

  it('a 58 mm ticket is 384 dots wide, laid out in 32 columns, and its QR decodes too', async () => {
    const job = await print(narrow, invoiceEscPos(blocks, '58mm'));
    const png = job.png ?? Buffer.alloc(0);
    expect(PNG.sync.read(png).width).toBe(384);
    expect(job.text.split('\n')).toContain(`Total TTC${' '.repeat(12)}12 500 FCFA`);
    expect(decodeQrFromPng(png)).toBe(verifyUrl);
  });

  it('bytes ESC and GS in a product name cut the paper and open the drawer when not sanitised', async () => {
    const hostileName = 'Savon\x1dV\x00\x1bp\x00\x19\xfa';
    const raw = Uint8Array.from([
      0x1b,
      0x40,
      ...Buffer.from(`${hostileName}\n1 x 500 FCFA\n`, 'latin1'),
      0x1d,
      0x56,
      0x42,
      0x00,
    ]);
    const next = printer.nextJob(5000);
    await sendRaw(printer.port, raw);
    const unsanitised = await next;
    // GS V 0 cut the paper mid-ticket and ESC p kicked the drawer: what a real printer does.
    expect(unsanitised.transcript.cuts).toBe(2);
    expect(unsanitised.transcript.drawerKicks).toBe(1);
    expect(unsanitised.transcript.events).toContainEqual(
      expect.objectContaining({ type: 'cut', mode: 'full', offset: 7 }),
    );
    expect(unsanitised.transcript.events).toContainEqual(
      expect.objectContaining({ type: 'drawer-kick', pin: 2, onMs: 50, offMs: 500 }),
    );
    // "Savon" is printed by the cut; the name's own line feed then feeds a blank line.
    expect(unsanitised.text).toBe('Savon\n\n1 x 500 FCFA\n');

    // The shared encoder's text hygiene turns them into "?": one cut (the ticket's own), no kick.
    const sanitised = await print(printer, invoiceEscPos([{ type: 'text', text: hostileName }], '80mm'));
    expect(sanitised.transcript.cuts).toBe(1);
    expect(sanitised.transcript.drawerKicks).toBe(0);
    expect(sanitised.text).toContain('SavonVpú'); // control bytes dropped, as every output does (displayText)
  });

  it('writes no picture for a connection that only asked for status', async () => {
    const before = printer.jobs.length;
    expect(await tcpTransport({ host: '127.0.0.1', port: printer.port }).queryStatus(4)).toEqual({
      ok: true,
      value: 0x12,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(printer.jobs.length).toBe(before);
    expect(existsSync(path.join(jobsDir, `${String(before + 1)}.png`))).toBe(false);
  });
});
