/**
 * The plain-text picture of a ticket: one text line per printed line, alignment applied
 * within the paper's columns of font A (12 dots), so a centred title has the spaces in
 * front of it that the paper shows. Double-width characters still count once in the text
 * but twice in the alignment, as on paper.
 *
 * Owns: the text and its bound. Must never grow past `maxChars`.
 */
import type { Alignment } from './escpos-types.js';
import { fontCell } from './line-buffer.js';

export class PlainText {
  readonly #lines: string[] = [];
  #chars = 0;
  #full = false;

  constructor(
    private readonly paperDots: number,
    private readonly maxChars: number,
  ) {}

  /** True once the bound was hit (the caller records it once). */
  get full(): boolean {
    return this.#full;
  }

  /** Adds a printed line; returns false when the bound stops it. */
  line(text: string, align: Alignment, widthDots: number): boolean {
    if (text === '') return this.#push('');
    const spareDots = Math.max(0, this.paperDots - widthDots);
    const padDots = align === 'center' ? spareDots / 2 : align === 'right' ? spareDots : 0;
    return this.#push(' '.repeat(Math.floor(padDots / fontCell.A.widthDots)) + text);
  }

  blank(lines: number): boolean {
    for (let i = 0; i < lines; i++) if (!this.#push('')) return false;
    return true;
  }

  toString(): string {
    return this.#lines.length === 0 ? '' : `${this.#lines.join('\n')}\n`;
  }

  #push(line: string): boolean {
    if (this.#full) return false;
    if (this.#chars + line.length + 1 > this.maxChars) {
      this.#full = true;
      return false;
    }
    this.#lines.push(line);
    this.#chars += line.length + 1;
    return true;
  }
}
