/**
 * The printer's line buffer: characters wait here, with their style, until something
 * prints the line (LF, a feed, a full line). Widths are in dots, as the print head sees
 * them: font A is 12 × 24 dots, font B 9 × 17, both scaled by GS ! / ESC !.
 *
 * Owns: the width arithmetic. Must never let a line grow past the paper: the caller asks
 * `fits` first and prints the line when it does not.
 */
import type { TextRun, TextStyle } from './escpos-types.js';

export const fontCell: Readonly<
  Record<TextStyle['font'], { readonly widthDots: number; readonly heightDots: number }>
> = {
  A: { widthDots: 12, heightDots: 24 },
  B: { widthDots: 9, heightDots: 17 },
};

/** Default tab stops are every 8 characters of font A (ESC D not sent). */
const tabStopDots = 8 * fontCell.A.widthDots;

export function characterWidthDots(style: TextStyle): number {
  return fontCell[style.font].widthDots * style.widthScale;
}

export function characterHeightDots(style: TextStyle): number {
  return fontCell[style.font].heightDots * style.heightScale;
}

interface MutableRun {
  text: string;
  readonly style: TextStyle;
}

export class LineBuffer {
  readonly #runs: MutableRun[] = [];
  #widthDots = 0;
  #heightDots = 0;

  get isEmpty(): boolean {
    return this.#runs.length === 0;
  }

  get widthDots(): number {
    return this.#widthDots;
  }

  /** Tallest character on the line, 0 when empty. */
  get heightDots(): number {
    return this.#heightDots;
  }

  fits(style: TextStyle, paperDots: number): boolean {
    return this.#widthDots + characterWidthDots(style) <= paperDots;
  }

  add(character: string, style: TextStyle): void {
    const last = this.#runs[this.#runs.length - 1];
    if (last !== undefined && last.style === style) last.text += character;
    else this.#runs.push({ text: character, style });
    this.#widthDots += characterWidthDots(style);
    this.#heightDots = Math.max(this.#heightDots, characterHeightDots(style));
  }

  /** HT: spaces up to the next tab stop; false when no stop is left on the line. */
  tab(style: TextStyle, paperDots: number): boolean {
    const stop = (Math.floor(this.#widthDots / tabStopDots) + 1) * tabStopDots;
    if (stop > paperDots) return false;
    const spaceDots = characterWidthDots(style);
    while (this.#widthDots + spaceDots <= stop) this.add(' ', style);
    return true;
  }

  text(): string {
    return this.#runs.map((run) => run.text).join('');
  }

  /** Empties the buffer and returns what it held. */
  take(): { readonly runs: readonly TextRun[]; readonly widthDots: number; readonly heightDots: number } {
    const taken = {
      runs: this.#runs.splice(0).map((run) => ({ text: run.text, style: run.style })),
      widthDots: this.#widthDots,
      heightDots: this.#heightDots,
    };
    this.#widthDots = 0;
    this.#heightDots = 0;
    return taken;
  }
}
