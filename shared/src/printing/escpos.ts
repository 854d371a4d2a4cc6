/**
 * ESC/POS bytes for a ticket on 80 mm (48 or 42 columns) or 58 mm (32 columns) thermal
 * printers, from the layout blocks laid out by `ticket-layout.ts`. Text goes out in code
 * page WPC1252 (ESC t 16), which holds all of French (œ, ’, —, €), or PC858 (ESC t 19) for
 * printers without it. The QR is the printer's own (GS ( k, model 2, error correction M).
 */
import type { LayoutBlock } from '../invoicing/layout.js';
import { encodeText, escPosCodePageNumber, type EscPosCodePage } from './code-page.js';
import { layoutTicket, type TicketColumns } from './ticket-layout.js';

export {
  encodeCp858,
  encodeText,
  escPosCodePageNumber,
  printableText,
  printerText,
  type EscPosCodePage,
} from './code-page.js';

export type TicketWidth = '80mm' | '58mm';
export const ticketColumns: Readonly<Record<TicketWidth, TicketColumns>> = { '80mm': 48, '58mm': 32 };

const ESC = 0x1b;
const GS = 0x1d;

export function qrCommand(data: string): number[] {
  const payload = Array.from(new TextEncoder().encode(data));
  if (payload.length > 2000) throw new RangeError('QR data too long for a ticket');
  const storeLength = payload.length + 3;
  return [
    GS,
    0x28,
    0x6b,
    0x04,
    0x00,
    0x31,
    0x41,
    0x32,
    0x00, // model 2
    GS,
    0x28,
    0x6b,
    0x03,
    0x00,
    0x31,
    0x43,
    0x05, // module 5 dots
    GS,
    0x28,
    0x6b,
    0x03,
    0x00,
    0x31,
    0x45,
    0x31, // error correction M
    GS,
    0x28,
    0x6b,
    storeLength & 0xff,
    storeLength >> 8,
    0x31,
    0x50,
    0x30,
    ...payload,
    GS,
    0x28,
    0x6b,
    0x03,
    0x00,
    0x31,
    0x51,
    0x30, // print
  ];
}

export interface EscPosOptions {
  /** Kick the cash drawer (pin 2) after the cut: a cash sale. */
  readonly openDrawer?: boolean;
  /** WPC1252 unless the printer lacks it (then PC858, most cheap printers' Latin page). */
  readonly codePage?: EscPosCodePage;
}

/** The paper's columns for a width given in millimetres or directly in columns. */
export function columnsFor(width: TicketWidth | TicketColumns): TicketColumns {
  return typeof width === 'number' ? width : ticketColumns[width];
}

export function invoiceEscPos(
  blocks: readonly LayoutBlock[],
  width: TicketWidth | TicketColumns,
  options: EscPosOptions = {},
): Uint8Array {
  const codePage = options.codePage ?? 'wpc1252';
  const out: number[] = [ESC, 0x40, ESC, 0x74, escPosCodePageNumber[codePage]];
  let align: 'left' | 'center' = 'left';
  let bold = false;
  // Every line comes from the one layout module: it fits the paper whatever the text.
  for (const line of layoutTicket(blocks, { columns: columnsFor(width), codePage })) {
    if (line.kind === 'qr') {
      if (align !== 'center') out.push(ESC, 0x61, 1);
      align = 'center';
      out.push(...qrCommand(line.data), 0x0a);
      continue;
    }
    if (line.align !== align) out.push(ESC, 0x61, line.align === 'center' ? 1 : 0);
    if (line.bold !== bold) out.push(ESC, 0x45, line.bold ? 1 : 0);
    align = line.align;
    bold = line.bold;
    out.push(...encodeText(line.text, codePage), 0x0a);
  }
  if (bold) out.push(ESC, 0x45, 0);
  if (align !== 'left') out.push(ESC, 0x61, 0);
  out.push(ESC, 0x64, 3, GS, 0x56, 0x42, 0x00); // feed 3 lines, partial cut
  if (options.openDrawer === true) out.push(ESC, 0x70, 0x00, 0x19, 0xfa); // pin 2, 50 ms on, 500 ms off
  return Uint8Array.from(out);
}
