/**
 * The one place a ticket's lines are laid out (issue 19): layout blocks in, lines that fit
 * the paper out, for every command set (the EPSON encoder and the STAR one both print these
 * lines as they are). Widths are counted in printer characters after the code page mapping
 * (see `printerText`), so "œ" spelled "oe" or an emoji printed "?" is measured as printed.
 *
 * A label and its value that do not fit on one line go on two (the value right-aligned on
 * the second); a word longer than the line is cut across lines, never dropped.
 *
 * Owns: wrapping, label/value lines, rules. Must never: return a line wider than the
 * columns, or throw on any text (a throw here once left a Z report jamming the print queue
 * for good).
 */
import type { LayoutBlock } from '../invoicing/layout.js';
import { printerText, type EscPosCodePage } from './code-page.js';

/** 58 mm paper (32 columns of font A), 80 mm paper with 512 printable dots (42), 80 mm with 576 (48). */
export const ticketColumnChoices = [32, 42, 48] as const;
export type TicketColumns = (typeof ticketColumnChoices)[number];

/** A printed line (its text already in printer characters) or the printer's own QR code. */
export type TicketLine =
  | { readonly kind: 'text'; readonly text: string; readonly align: 'left' | 'center'; readonly bold: boolean }
  | { readonly kind: 'qr'; readonly data: string };

/**
 * QR data longer than this (UTF-8 bytes) is printed as text instead: STAR's line-mode QR
 * takes at most 1,000 bytes (EPSON's 2,000), and a QR that cannot be drawn must not stop the
 * ticket. The QR of an invoice is a URL of about a hundred bytes.
 */
export const qrDataBytesMax = 1_000;

/** Spaces for padding; a negative count (a caller's miscount) is no padding, not a throw. */
const spaces = (count: number): string => ' '.repeat(Math.max(0, count));

/**
 * Words of `text` (printer characters) on lines of at most `columns`; a longer word is cut
 * into pieces of `columns`. Always at least one line (an empty text is one empty line).
 */
export function wrapText(text: string, columns: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (word === '') continue;
    if (current !== '' && current.length + 1 + word.length <= columns) {
      current += ` ${word}`;
      continue;
    }
    if (current !== '') lines.push(current);
    let rest = word;
    while (rest.length > columns) {
      lines.push(rest.slice(0, columns));
      rest = rest.slice(columns);
    }
    current = rest;
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}

/**
 * A label left and its value right on one line when both fit with a space between; if not,
 * the label (wrapped) and then the value (wrapped, right-aligned) below it.
 */
export function labelValue(label: string, value: string, columns: number): string[] {
  if (value === '') return wrapText(label, columns);
  if (label.length + 1 + value.length <= columns)
    return [`${label}${spaces(columns - label.length - value.length)}${value}`];
  const valueLines = wrapText(value, columns).map((line) => `${spaces(columns - line.length)}${line}`);
  return [...wrapText(label, columns), ...valueLines];
}

export function ruleLine(columns: number): string {
  return '-'.repeat(columns);
}

export interface TicketLayoutOptions {
  readonly columns: TicketColumns;
  readonly codePage: EscPosCodePage;
}

/** Every block of a ticket as printed lines, each at most `columns` printer characters. */
export function layoutTicket(blocks: readonly LayoutBlock[], options: TicketLayoutOptions): TicketLine[] {
  const { columns, codePage } = options;
  const p = (text: string): string => printerText(text, codePage);
  const lines: TicketLine[] = [];
  const push = (texts: readonly string[], align: 'left' | 'center' = 'left', bold = false): void => {
    for (const text of texts) lines.push({ kind: 'text', text, align, bold });
  };
  for (const block of blocks) {
    switch (block.type) {
      case 'title':
        push(wrapText(p(block.text), columns), 'center', true);
        break;
      case 'text':
        push(wrapText(p(block.text), columns), 'center', block.bold === true);
        break;
      case 'pairs':
        for (const [label, value] of block.pairs) push(labelValue(p(`${label} :`), p(value), columns));
        break;
      case 'lines':
        for (const [label, quantity, unit, amount] of block.rows) {
          push(wrapText(p(label), columns));
          push(labelValue(p(`  ${quantity} x ${unit}`), p(amount), columns));
        }
        break;
      case 'totals':
        for (const [label, value] of block.rows) push(labelValue(p(label), p(value), columns));
        push(labelValue(p(block.grand[0]), p(block.grand[1]), columns), 'left', true);
        break;
      case 'qr':
        if (new TextEncoder().encode(block.data).length <= qrDataBytesMax) lines.push({ kind: 'qr', data: block.data });
        else push(wrapText(p(block.data), columns), 'center');
        push(wrapText(p(block.caption), columns), 'center');
        break;
      case 'rule':
        push([ruleLine(columns)]);
        break;
    }
  }
  return lines;
}
