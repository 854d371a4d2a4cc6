/**
 * 12 × 24 dot glyphs for the ticket picture, the size of a printer's font A: Latin-1 from
 * the X11 misc-fixed font, the euro sign drawn here, box drawing and shade blocks (the
 * PC437/PC850 upper halves) drawn from their strokes, and other characters approximated by
 * a look-alike ("≤" as "<") or an empty box.
 *
 * Owns: character → glyph rows. Each row is 12 bits, the most significant (bit 11) left.
 */
import { fixed12x24Base64 } from './ticket-font-data.js';

export const glyphWidth = 12;
export const glyphHeight = 24;
export type Glyph = readonly number[];

const font = Buffer.from(fixed12x24Base64, 'base64');

function fontGlyph(code: number): Glyph | null {
  const index = code >= 0x20 && code <= 0x7e ? code - 0x20 : code >= 0xa0 && code <= 0xff ? 95 + code - 0xa0 : -1;
  if (index < 0) return null;
  const rows: number[] = [];
  for (let pair = 0; pair < 12; pair++) {
    const both = font.readUIntBE(index * 36 + pair * 3, 3);
    rows.push(both >> 12, both & 0xfff);
  }
  return rows;
}

const euro: Glyph = [
  '............',
  '............',
  '......####..',
  '....##....##',
  '...##.......',
  '..##........',
  '..##........',
  '..##........',
  '##########..',
  '..##........',
  '..##........',
  '..##........',
  '#########...',
  '..##........',
  '..##........',
  '..##........',
  '..##........',
  '...##.......',
  '....##....##',
  '......####..',
  '............',
  '............',
  '............',
  '............',
].map((row) => parseInt(row.replace(/\./g, '0').replace(/#/g, '1'), 2));

/** Box drawing arms [up, right, down, left]: 0 none, 1 single, 2 double. */
const boxArms: Readonly<Record<string, readonly [number, number, number, number]>> = {
  '─': [0, 1, 0, 1],
  '│': [1, 0, 1, 0],
  '┌': [0, 1, 1, 0],
  '┐': [0, 0, 1, 1],
  '└': [1, 1, 0, 0],
  '┘': [1, 0, 0, 1],
  '├': [1, 1, 1, 0],
  '┤': [1, 0, 1, 1],
  '┬': [0, 1, 1, 1],
  '┴': [1, 1, 0, 1],
  '┼': [1, 1, 1, 1],
  '═': [0, 2, 0, 2],
  '║': [2, 0, 2, 0],
  '╒': [0, 2, 1, 0],
  '╓': [0, 1, 2, 0],
  '╔': [0, 2, 2, 0],
  '╕': [0, 0, 1, 2],
  '╖': [0, 0, 2, 1],
  '╗': [0, 0, 2, 2],
  '╘': [1, 2, 0, 0],
  '╙': [2, 1, 0, 0],
  '╚': [2, 2, 0, 0],
  '╛': [1, 0, 0, 2],
  '╜': [2, 0, 0, 1],
  '╝': [2, 0, 0, 2],
  '╞': [1, 2, 1, 0],
  '╟': [2, 1, 2, 0],
  '╠': [2, 2, 2, 0],
  '╡': [1, 0, 1, 2],
  '╢': [2, 0, 2, 1],
  '╣': [2, 0, 2, 2],
  '╤': [0, 2, 1, 2],
  '╥': [0, 1, 2, 1],
  '╦': [0, 2, 2, 2],
  '╧': [1, 2, 0, 2],
  '╨': [2, 1, 0, 1],
  '╩': [2, 2, 0, 2],
  '╪': [1, 2, 1, 2],
  '╫': [2, 1, 2, 1],
  '╬': [2, 2, 2, 2],
};

/** Shades and blocks: whether dot (x, y) is black. */
const blocks: Readonly<Record<string, (x: number, y: number) => boolean>> = {
  '░': (x, y) => (x + 2 * y) % 4 === 0,
  '▒': (x, y) => (x + y) % 2 === 0,
  '▓': (x, y) => (x + 2 * y) % 4 !== 0,
  '█': () => true,
  '▄': (_x, y) => y >= 12,
  '▀': (_x, y) => y < 12,
  '▌': (x) => x < 6,
  '▐': (x) => x >= 6,
  '■': (x, y) => x >= 2 && x <= 9 && y >= 7 && y <= 16,
};

/** Characters drawn as a look-alike that the font has. */
const lookAlike: Readonly<Record<string, string>> = {
  ƒ: 'f',
  ı: 'i',
  '‗': '_',
  '∙': '·',
  '≡': '=',
  '₧': 'P',
  '⌐': '¬',
  '≤': '<',
  '≥': '>',
  '≈': '~',
  '√': 'v',
  ⁿ: 'n',
  '∞': '8',
  '∩': 'n',
  '⌠': '|',
  '⌡': '|',
  α: 'a',
  Γ: 'r',
  π: 'n',
  Σ: 'E',
  σ: 'o',
  τ: 't',
  Φ: 'O',
  Θ: 'O',
  Ω: 'O',
  δ: 'd',
  φ: 'o',
  ε: 'e',
  '‚': ',',
  '„': '"',
  '…': '.',
  '†': '+',
  '‡': '+',
  ˆ: '^',
  '‰': '%',
  '‹': '<',
  '›': '>',
  Œ: 'E',
  œ: 'e',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '•': '·',
  '–': '-',
  '—': '-',
  '˜': '~',
  '™': 'T',
};

function drawn(black: (x: number, y: number) => boolean): Glyph {
  const rows: number[] = [];
  for (let y = 0; y < glyphHeight; y++) {
    let row = 0;
    for (let x = 0; x < glyphWidth; x++) if (black(x, y)) row |= 1 << (glyphWidth - 1 - x);
    rows.push(row);
  }
  return rows;
}

/** Single strokes run through the middle dots; double ones two dots either side of it. */
function boxGlyph([up, right, down, left]: readonly [number, number, number, number]): Glyph {
  const vertical = (x: number, kind: number) => (kind === 1 ? x === 5 || x === 6 : kind === 2 && (x === 3 || x === 8));
  const horizontal = (y: number, kind: number) =>
    kind === 1 ? y === 11 || y === 12 : kind === 2 && (y === 9 || y === 14);
  return drawn(
    (x, y) =>
      (y <= 12 && vertical(x, up)) ||
      (y >= 11 && vertical(x, down)) ||
      (x <= 6 && horizontal(y, left)) ||
      (x >= 5 && horizontal(y, right)),
  );
}

/** An empty box: a character with no glyph here (and U+FFFD, "no glyph" in a table). */
const missing: Glyph = drawn(
  (x, y) => y >= 4 && y <= 19 && x >= 2 && x <= 9 && (x === 2 || x === 9 || y === 4 || y === 19),
);

const cache = new Map<string, Glyph>();

export function glyphFor(character: string): Glyph {
  const cached = cache.get(character);
  if (cached !== undefined) return cached;
  const glyph = computeGlyph(character);
  cache.set(character, glyph);
  return glyph;
}

function computeGlyph(character: string): Glyph {
  if (character === '€') return euro;
  const arms = boxArms[character];
  if (arms !== undefined) return boxGlyph(arms);
  const block = blocks[character];
  if (block !== undefined) return drawn(block);
  const direct = fontGlyph(character.codePointAt(0) ?? 0);
  if (direct !== null) return direct;
  const alike = lookAlike[character];
  if (alike !== undefined) return fontGlyph(alike.codePointAt(0) ?? 0) ?? missing;
  // "Ž" and other accented letters outside Latin-1: their base letter.
  const base = character.normalize('NFD')[0];
  return (base !== undefined && base !== character ? fontGlyph(base.codePointAt(0) ?? 0) : null) ?? missing;
}
