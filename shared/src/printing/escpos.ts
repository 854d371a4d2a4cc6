/**
 * ESC/POS bytes for an invoice ticket on 80 mm (48 columns) or 58 mm (32 columns) thermal
 * printers, from the shared layout blocks. Text goes out in code page WPC1252 (ESC t 16),
 * which holds all of French (œ, ’, —, €), or PC858 (ESC t 19) for printers without it. The
 * QR is the printer's own (GS ( k, model 2, error correction M).
 */
import type { LayoutBlock } from '../invoicing/layout.js';

export type TicketWidth = '80mm' | '58mm';
export const ticketColumns: Readonly<Record<TicketWidth, number>> = { '80mm': 48, '58mm': 32 };

// CP858 upper half, for the characters French (and a few neighbours) need.
const cp858: Readonly<Record<string, number>> = {
  'Ç': 0x80, 'ü': 0x81, 'é': 0x82, 'â': 0x83, 'ä': 0x84, 'à': 0x85, 'å': 0x86, 'ç': 0x87, 'ê': 0x88, 'ë': 0x89, 'è': 0x8a, 'ï': 0x8b, 'î': 0x8c, 'ì': 0x8d,
  'Ä': 0x8e, 'Å': 0x8f, 'É': 0x90, 'æ': 0x91, 'Æ': 0x92, 'ô': 0x93, 'ö': 0x94, 'ò': 0x95, 'û': 0x96, 'ù': 0x97, 'ÿ': 0x98, 'Ö': 0x99, 'Ü': 0x9a, 'ø': 0x9b,
  '£': 0x9c, 'Ø': 0x9d, 'á': 0xa0, 'í': 0xa1, 'ó': 0xa2, 'ú': 0xa3, 'ñ': 0xa4, 'Ñ': 0xa5, '«': 0xae, '»': 0xaf, 'Á': 0xb5, 'Â': 0xb6, 'À': 0xb7,
  'Ê': 0xd2, 'Ë': 0xd3, 'È': 0xd4, '€': 0xd5, 'Í': 0xd6, 'Î': 0xd7, 'Ï': 0xd8, 'Ó': 0xe0, 'Ô': 0xe2, 'Ò': 0xe3, 'Ú': 0xe9, 'Û': 0xea, 'Ù': 0xeb, '°': 0xf8,
};
const spelled: Readonly<Record<string, string>> = { 'œ': 'oe', 'Œ': 'OE', '’': "'", '‘': "'", '“': '"', '”': '"', '–': '-', '—': '-', '…': '...', '\u00a0': ' ', '\u202f': ' ' };

/**
 * Windows-1252 (EPSON "WPC1252", ESC t 16): Latin-1 plus, in 0x80-0x9F, what French
 * typography needs and PC858 lacks: œ Œ Ÿ, ’ “ ” „, – —, …, €. The default for tickets.
 */
const cp1252High: Readonly<Record<string, number>> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e,
  '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

export type EscPosCodePage = 'wpc1252' | 'pc858';
/** The ESC t n number of each page on EPSON-compatible printers. */
export const escPosCodePageNumber: Readonly<Record<EscPosCodePage, number>> = { wpc1252: 16, pc858: 19 };

/**
 * Text hygiene (SPEC 3.9): every character becomes a printable byte of the code page.
 * Control characters (C0, DEL, C1: ESC, GS, DLE...) become a visible "?", so a product named
 * with an escape sequence prints as text and never cuts the paper or opens the drawer; a
 * newline in a value is a space (the encoder, not the data, decides where lines end);
 * characters the page lacks are spelled out ("œ" → "oe" on PC858) or become "?", never raw
 * UTF-8 (mojibake).
 */
export function encodeText(text: string, codePage: EscPosCodePage): number[] {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0x3f;
    if (code >= 0x20 && code < 0x7f) {
      bytes.push(code);
      continue;
    }
    if (char === '\n') {
      bytes.push(0x20);
      continue;
    }
    if (codePage === 'wpc1252') {
      const high = cp1252High[char];
      if (high !== undefined) bytes.push(high);
      else if (code === 0x202f) bytes.push(0x20);
      else if (code >= 0xa0 && code <= 0xff) bytes.push(code);
      else bytes.push(0x3f);
      continue;
    }
    const replacement = spelled[char];
    if (replacement !== undefined) for (const c of replacement) bytes.push(c.charCodeAt(0));
    else bytes.push(cp858[char] ?? 0x3f);
  }
  return bytes;
}

export function encodeCp858(text: string): number[] {
  return encodeText(text, 'pc858');
}

/**
 * The same hygiene as text: control characters become "?", characters code pages lack are
 * spelled out. For encoders that take strings (node-thermal-printer for STAR printers).
 */
export function printableText(text: string): string {
  let out = '';
  for (const char of text) {
    const replacement = spelled[char];
    if (replacement !== undefined) out += replacement;
    else if (char === '\n') out += ' ';
    else {
      const code = char.codePointAt(0) ?? 0x3f;
      out += code < 0x20 || (code >= 0x7f && code < 0xa0) ? '?' : char;
    }
  }
  return out;
}

const ESC = 0x1b;
const GS = 0x1d;

function wrap(text: string, columns: number): string[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    if (current === '') current = word.slice(0, columns);
    else if (current.length + 1 + word.length <= columns) current += ` ${word}`;
    else {
      lines.push(current);
      current = word.slice(0, columns);
    }
  }
  if (current !== '') lines.push(current);
  return lines.length === 0 ? [''] : lines;
}

/** Left text and right text on one line of `columns`, the left cut if needed. */
function spread(left: string, right: string, columns: number): string {
  const room = Math.max(1, columns - right.length - 1);
  const l = left.length > room ? left.slice(0, room) : left;
  return `${l}${' '.repeat(columns - l.length - right.length)}${right}`;
}

export function qrCommand(data: string): number[] {
  const payload = Array.from(new TextEncoder().encode(data));
  if (payload.length > 2000) throw new RangeError('QR data too long for a ticket');
  const storeLength = payload.length + 3;
  return [
    GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00, // model 2
    GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 0x05, // module 5 dots
    GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31, // error correction M
    GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30, ...payload,
    GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30, // print
  ];
}

export interface EscPosOptions {
  /** Kick the cash drawer (pin 2) after the cut: a cash sale. */
  readonly openDrawer?: boolean;
  /** WPC1252 unless the printer lacks it (then PC858, most cheap printers' Latin page). */
  readonly codePage?: EscPosCodePage;
}

export function invoiceEscPos(blocks: readonly LayoutBlock[], width: TicketWidth, options: EscPosOptions = {}): Uint8Array {
  const columns = ticketColumns[width];
  const codePage = options.codePage ?? 'wpc1252';
  const out: number[] = [ESC, 0x40, ESC, 0x74, escPosCodePageNumber[codePage]];
  const align = (n: 0 | 1 | 2) => out.push(ESC, 0x61, n);
  const bold = (on: boolean) => out.push(ESC, 0x45, on ? 1 : 0);
  const line = (text: string) => out.push(...encodeText(text, codePage), 0x0a);
  for (const block of blocks) {
    switch (block.type) {
      case 'title':
        align(1);
        bold(true);
        for (const l of wrap(block.text, columns)) line(l);
        bold(false);
        align(0);
        break;
      case 'text':
        align(1);
        if (block.bold === true) bold(true);
        for (const l of wrap(block.text, columns)) line(l);
        bold(false);
        align(0);
        break;
      case 'pairs':
        for (const [k, v] of block.pairs) line(spread(`${k} :`, v, columns));
        break;
      case 'lines':
        for (const [label, qty, unit, amount] of block.rows) {
          for (const l of wrap(label, columns)) line(l);
          line(spread(`  ${qty} x ${unit}`, amount, columns));
        }
        break;
      case 'totals':
        for (const [k, v] of block.rows) line(spread(k, v, columns));
        bold(true);
        line(spread(block.grand[0], block.grand[1], columns));
        bold(false);
        break;
      case 'qr':
        align(1);
        out.push(...qrCommand(block.data), 0x0a);
        line(block.caption);
        align(0);
        break;
      case 'rule':
        line('-'.repeat(columns));
        break;
    }
  }
  out.push(ESC, 0x64, 3, GS, 0x56, 0x42, 0x00); // feed 3 lines, partial cut
  if (options.openDrawer === true) out.push(ESC, 0x70, 0x00, 0x19, 0xfa); // pin 2, 50 ms on, 500 ms off
  return Uint8Array.from(out);
}
