/**
 * Text to the bytes of a thermal printer's code page, and the same text as "printer
 * characters" (one character per printed column), so the ticket layout measures what the
 * paper shows, not what JavaScript counts. WPC1252 (ESC t 16) holds all of French; PC858
 * (ESC t 19) spells out what it lacks ("œ" → "oe", two columns).
 *
 * Owns: the code page tables and the text hygiene. Must never: emit a control byte for text.
 */

// CP858 upper half, for the characters French (and a few neighbours) need.
const cp858: Readonly<Record<string, number>> = {
  Ç: 0x80,
  ü: 0x81,
  é: 0x82,
  â: 0x83,
  ä: 0x84,
  à: 0x85,
  å: 0x86,
  ç: 0x87,
  ê: 0x88,
  ë: 0x89,
  è: 0x8a,
  ï: 0x8b,
  î: 0x8c,
  ì: 0x8d,
  Ä: 0x8e,
  Å: 0x8f,
  É: 0x90,
  æ: 0x91,
  Æ: 0x92,
  ô: 0x93,
  ö: 0x94,
  ò: 0x95,
  û: 0x96,
  ù: 0x97,
  ÿ: 0x98,
  Ö: 0x99,
  Ü: 0x9a,
  ø: 0x9b,
  '£': 0x9c,
  Ø: 0x9d,
  á: 0xa0,
  í: 0xa1,
  ó: 0xa2,
  ú: 0xa3,
  ñ: 0xa4,
  Ñ: 0xa5,
  '«': 0xae,
  '»': 0xaf,
  Á: 0xb5,
  Â: 0xb6,
  À: 0xb7,
  Ê: 0xd2,
  Ë: 0xd3,
  È: 0xd4,
  '€': 0xd5,
  Í: 0xd6,
  Î: 0xd7,
  Ï: 0xd8,
  Ó: 0xe0,
  Ô: 0xe2,
  Ò: 0xe3,
  Ú: 0xe9,
  Û: 0xea,
  Ù: 0xeb,
  '°': 0xf8,
};
const spelled: Readonly<Record<string, string>> = {
  œ: 'oe',
  Œ: 'OE',
  '’': "'",
  '‘': "'",
  '“': '"',
  '”': '"',
  '–': '-',
  '—': '-',
  '…': '...',
  '\u00a0': ' ',
  '\u202f': ' ',
};

/**
 * Windows-1252 (EPSON "WPC1252", ESC t 16): Latin-1 plus, in 0x80-0x9F, what French
 * typography needs and PC858 lacks: œ Œ Ÿ, ’ “ ” „, – —, …, €. The default for tickets.
 */
const cp1252High: Readonly<Record<string, number>> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

import { displayText } from '../text/display-text.js';

export type EscPosCodePage = 'wpc1252' | 'pc858';
/** The ESC t n number of each page on EPSON-compatible printers. */
export const escPosCodePageNumber: Readonly<Record<EscPosCodePage, number>> = { wpc1252: 16, pc858: 19 };

/**
 * Text hygiene (SPEC 3.9): every character becomes a printable byte of the code page.
 * Control characters (C0, DEL, C1: ESC, GS, DLE...) go the way every other output treats them
 * (`displayText`: separators become a space, the rest is removed), so a product named with an
 * escape sequence prints as the screen, PDF and exports show it and never cuts the paper or
 * opens the drawer (the encoder, not the data, decides where lines end);
 * characters the page lacks are spelled out ("œ" → "oe" on PC858) or become "?", never raw
 * UTF-8 (mojibake).
 */
export function encodeText(text: string, codePage: EscPosCodePage): number[] {
  const bytes: number[] = [];
  for (const char of displayText(text)) {
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
 * The same hygiene as text: control characters as `displayText` treats them, characters code
 * pages lack spelled out. For encoders that take strings (node-thermal-printer for STAR printers).
 */
export function printableText(text: string): string {
  let out = '';
  for (const char of displayText(text)) {
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

/**
 * The text as the printer will show it: one character per byte `encodeText` writes (so its
 * `length` is the printed width in columns), the same bytes once encoded. Emoji and other
 * characters the page lacks are one "?", a combining accent another, "œ" two on PC858.
 */
export function printerText(text: string, codePage: EscPosCodePage): string {
  let out = '';
  for (const char of displayText(text)) {
    const code = char.codePointAt(0) ?? 0x3f;
    if (code >= 0x20 && code < 0x7f) out += char;
    else if (char === '\n') out += ' ';
    else if (codePage === 'wpc1252') {
      if (cp1252High[char] !== undefined || (code >= 0xa0 && code <= 0xff)) out += char;
      else out += code === 0x202f ? ' ' : '?';
    } else out += spelled[char] ?? (cp858[char] === undefined ? '?' : char);
  }
  return out;
}
