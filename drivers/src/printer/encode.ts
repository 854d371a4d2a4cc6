/**
 * A ticket's blocks to the bytes of the printer's command set. EPSON ESC/POS comes from the
 * shared encoder (WPC1252 or PC858, the printer's own QR), the one the invoice exports use.
 * STAR's command set differs in nearly every command (code page ESC GS t, QR ESC GS y S,
 * cut ESC d): node-thermal-printer knows it, so it builds those, from the shared layout's
 * lines (text cleaned and fitted first: the library would pass control bytes through and
 * overflow a long label); its STAR QR is ours (see starQr). A reprint carries its
 * DUPLICATA banner on top.
 */
import { createRequire } from 'node:module';
import {
  invoiceEscPos,
  layoutTicket,
  withCopyBanner,
  type EscPosCodePage,
  type LayoutBlock,
  type TicketColumns,
} from '@ismail/shared';

export interface TicketOptions {
  readonly commandSet: 'epson' | 'star';
  readonly widthMm: 58 | 80;
  /** The paper's columns when they differ from the width's usual (42 on some 80 mm printers). */
  readonly columns?: TicketColumns | undefined;
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
  append(bytes: Buffer): void;
  openCashDrawer(): void;
  partialCut(): void;
  getBuffer(): Buffer;
}
interface ThermalPrinterModule {
  ThermalPrinter: new (config: {
    type: string;
    width: number;
    characterSet: string;
    removeSpecialCharacters: boolean;
    breakLine: string;
  }) => ThermalPrinterLike;
  PrinterTypes: { STAR: string };
}

// node-thermal-printer is CommonJS without types of its own for this use.
const thermal = createRequire(import.meta.url)('node-thermal-printer') as ThermalPrinterModule;

export function encodeTicket(blocks: readonly LayoutBlock[], options: TicketOptions): Uint8Array {
  const all = withCopyBanner(blocks, options.copy);
  const columns = options.columns ?? (options.widthMm === 80 ? 48 : 32);
  if (options.commandSet === 'epson')
    return invoiceEscPos(all, columns, {
      openDrawer: options.openDrawer === true,
      codePage: options.codePage ?? 'wpc1252',
    });
  return starTicket(all, columns, options);
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

/** STAR: the shared layout's lines (PC858 characters, already fitting), printed as they are. */
function starTicket(blocks: readonly LayoutBlock[], columns: TicketColumns, options: TicketOptions): Uint8Array {
  const printer = new thermal.ThermalPrinter({
    type: thermal.PrinterTypes.STAR,
    width: columns,
    characterSet: 'PC858_EURO',
    removeSpecialCharacters: false,
    // The lines already fit: the library's own folding would only break them differently.
    breakLine: 'NONE',
  });
  for (const line of layoutTicket(blocks, { columns, codePage: 'pc858' })) {
    if (line.kind === 'qr') {
      printer.alignCenter();
      printer.append(starQr(line.data));
      printer.println('');
      continue;
    }
    if (line.align === 'center') printer.alignCenter();
    else printer.alignLeft();
    printer.bold(line.bold);
    printer.println(line.text);
    printer.bold(false);
  }
  printer.alignLeft();
  printer.partialCut();
  if (options.openDrawer === true) printer.openCashDrawer();
  return Uint8Array.from(printer.getBuffer());
}
