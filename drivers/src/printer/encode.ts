/**
 * A ticket's blocks to the bytes of the printer's command set. EPSON ESC/POS comes from the
 * shared encoder (WPC1252 or PC858, the printer's own QR), the one the invoice exports use.
 * STAR's command set differs in nearly every command (code page ESC GS t, QR ESC GS y S,
 * cut ESC d): node-thermal-printer knows it, so it builds those, from text cleaned first
 * (it would pass control bytes through); its STAR QR is ours (see starQr). A reprint
 * carries its DUPLICATA banner on top.
 */
import { createRequire } from 'node:module';
import { copyBanner, invoiceEscPos, printableText, type EscPosCodePage, type LayoutBlock } from '@ismail/shared';

export interface TicketOptions {
  readonly commandSet: 'epson' | 'star';
  readonly widthMm: 58 | 80;
  /** 0 for the original; n for the n-th copy. */
  readonly copy: number;
  readonly openDrawer?: boolean;
  readonly codePage?: EscPosCodePage | undefined;
}

interface ThermalPrinterLike {
  alignCenter(): void;
  alignLeft(): void;
  bold(on: boolean): void;
  println(text: string): void;
  leftRight(left: string, right: string): void;
  drawLine(): void;
  append(bytes: Buffer): void;
  openCashDrawer(): void;
  partialCut(): void;
  getBuffer(): Buffer;
}
interface ThermalPrinterModule {
  ThermalPrinter: new (config: { type: string; width: number; characterSet: string; removeSpecialCharacters: boolean; breakLine: string }) => ThermalPrinterLike;
  PrinterTypes: { STAR: string };
}

// node-thermal-printer is CommonJS without types of its own for this use.
const thermal = createRequire(import.meta.url)('node-thermal-printer') as ThermalPrinterModule;

export function encodeTicket(blocks: readonly LayoutBlock[], options: TicketOptions): Uint8Array {
  const all: readonly LayoutBlock[] = options.copy > 0 ? [{ type: 'text', text: copyBanner(options.copy), bold: true }, ...blocks] : blocks;
  const width = options.widthMm === 80 ? '80mm' : '58mm';
  if (options.commandSet === 'epson') return invoiceEscPos(all, width, { openDrawer: options.openDrawer === true, codePage: options.codePage ?? 'wpc1252' });
  return starTicket(all, options);
}

const ESC = 0x1b;
const GS = 0x1d;

/**
 * STAR line mode QR: model 2, correction M, 5-dot cells, data stored (ESC GS y D 1 0 nL nH),
 * then printed (ESC GS y P). Written here because node-thermal-printer 4.6.1 leaves out the
 * "ESC GS y D 1 0" header before the data, so a STAR printer prints the URL as text
 * (its PR #200 fixing this was closed unmerged).
 */
export function starQr(data: string): Buffer {
  const payload = Buffer.from(data, 'utf8');
  if (payload.length > 1000) throw new RangeError('QR data too long for a ticket');
  return Buffer.concat([
    Buffer.from([ESC, GS, 0x79, 0x53, 0x30, 0x02, ESC, GS, 0x79, 0x53, 0x31, 0x01, ESC, GS, 0x79, 0x53, 0x32, 0x05]),
    Buffer.from([ESC, GS, 0x79, 0x44, 0x31, 0x00, payload.length & 0xff, payload.length >> 8]),
    payload,
    Buffer.from([ESC, GS, 0x79, 0x50]),
  ]);
}

function starTicket(blocks: readonly LayoutBlock[], options: TicketOptions): Uint8Array {
  const printer = new thermal.ThermalPrinter({
    type: thermal.PrinterTypes.STAR,
    width: options.widthMm === 80 ? 48 : 32,
    characterSet: 'PC858_EURO',
    removeSpecialCharacters: false,
    breakLine: 'WORD',
  });
  const t = printableText;
  for (const block of blocks) {
    switch (block.type) {
      case 'title':
      case 'text':
        printer.alignCenter();
        printer.bold(block.type === 'title' || block.bold === true);
        printer.println(t(block.text));
        printer.bold(false);
        printer.alignLeft();
        break;
      case 'pairs':
        for (const [k, v] of block.pairs) printer.leftRight(`${t(k)} :`, t(v));
        break;
      case 'lines':
        for (const [label, qty, unit, amount] of block.rows) {
          printer.println(t(label));
          printer.leftRight(`  ${t(qty)} x ${t(unit)}`, t(amount));
        }
        break;
      case 'totals':
        for (const [k, v] of block.rows) printer.leftRight(t(k), t(v));
        printer.bold(true);
        printer.leftRight(t(block.grand[0]), t(block.grand[1]));
        printer.bold(false);
        break;
      case 'qr':
        printer.alignCenter();
        printer.append(starQr(block.data));
        printer.println('');
        printer.println(t(block.caption));
        printer.alignLeft();
        break;
      case 'rule':
        printer.drawLine();
        break;
    }
  }
  printer.partialCut();
  if (options.openDrawer === true) printer.openCashDrawer();
  return Uint8Array.from(printer.getBuffer());
}
