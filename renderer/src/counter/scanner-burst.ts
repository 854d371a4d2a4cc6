/**
 * Tells a keyboard-wedge scanner from a person at the same keyboard, by timing alone. A
 * scanner "types" its code in a burst (a few ms per character) and ends it with Enter; a
 * person types ten times slower, and presses Enter on a button they chose. The sell screen
 * feeds it every keydown (wherever focus is): an Enter that ends a burst is a scan (its code
 * goes to the scan handler and the Enter must not activate anything); any other Enter is the
 * person's. Pure: timestamps come from the caller (event.timeStamp), so tests use fake ones.
 * Never decides from what the characters are (a card token is letters, a barcode digits).
 */

export interface BurstOptions {
  /** A gap longer than this ends the run of characters (a busy browser's hiccup stays under it). */
  readonly maxGapMs: number;
  /**
   * The run's median gap, Enter included, must be at most this: no person types that fast, and a hiccup or two does not
   * move a median.
   */
  readonly maxMedianGapMs: number;
  /** Fewer characters than this is never a scan (a person's key rollover can be fast). */
  readonly minLength: number;
  /** Past this the run is not a code any scanner sends; the oldest characters are dropped. */
  readonly maxLength: number;
}

export const defaultBurstOptions: BurstOptions = {
  // Wedge scanners send a character every 1–15 ms, but a loaded 2-core counter was measured delaying single key
  // events by up to 85 ms; a person's next key after a pause (reading, reaching for a button) comes later than this.
  maxGapMs: 100,
  // Issue 19.3: "faster than a person types, e.g. < 30 ms apart". Fast typists' keys come 100 ms and more apart.
  maxMedianGapMs: 30,
  // The shortest retail code we read is EAN-8 (8 digits); 6 leaves room for short in-store codes.
  minLength: 6,
  // A card token is at most 2,000 characters (cardTokenMaxChars in shared); twice that bounds the buffer.
  maxLength: 4_000,
};

export type BurstVerdict =
  /** Enter ended a burst: `code` is what the scanner typed; prevent the Enter's default. */
  | { readonly kind: 'scan'; readonly code: string }
  /** Enter pressed by a person (or after a too-short or too-slow run): leave it alone. */
  | { readonly kind: 'enter' }
  /** Any other key: recorded (a character) or ignored (modifiers, function keys). */
  | { readonly kind: 'key' };

/** Keys that may come in the middle of a scan without breaking it (a scanner holds Shift for capitals). */
const modifierKeys = new Set(['Shift', 'CapsLock']);

export class ScannerBurst {
  private characters = '';
  /** The gaps between the run's characters (one fewer than the characters). */
  private gapsMs: number[] = [];
  private lastAtMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: BurstOptions = defaultBurstOptions) {}

  /** One keydown: its `key` (KeyboardEvent.key), its time in ms, and whether Ctrl, Alt or Meta was held. */
  key(key: string, atMs: number, withCommandModifier = false): BurstVerdict {
    if (key === 'Enter') {
      const verdict = this.endsBurst(atMs)
        ? ({ kind: 'scan', code: this.characters } as const)
        : ({ kind: 'enter' } as const);
      this.reset();
      return verdict;
    }
    if (modifierKeys.has(key)) return { kind: 'key' };
    // A shortcut (Alt+1, Ctrl+V) or a named key (Tab, F9, arrows) is a person's: the run ends.
    if (withCommandModifier || key.length !== 1) {
      this.reset();
      return { kind: 'key' };
    }
    if (atMs - this.lastAtMs > this.options.maxGapMs) {
      this.characters = '';
      this.gapsMs = [];
    } else {
      this.gapsMs.push(atMs - this.lastAtMs);
    }
    this.characters += key;
    if (this.characters.length > this.options.maxLength) {
      this.characters = this.characters.slice(-this.options.maxLength);
      this.gapsMs = this.gapsMs.slice(-(this.options.maxLength - 1));
    }
    this.lastAtMs = atMs;
    return { kind: 'key' };
  }

  /** Forget the run (the screen changed, or the caller handled it). */
  reset(): void {
    this.characters = '';
    this.gapsMs = [];
    this.lastAtMs = Number.NEGATIVE_INFINITY;
  }

  private endsBurst(enterAtMs: number): boolean {
    if (this.characters.length < this.options.minLength) return false;
    if (enterAtMs - this.lastAtMs > this.options.maxGapMs) return false;
    const gaps = [...this.gapsMs, enterAtMs - this.lastAtMs].sort((a, b) => a - b);
    const middle = Math.floor(gaps.length / 2);
    const median = gaps.length % 2 === 1 ? (gaps[middle] ?? 0) : ((gaps[middle - 1] ?? 0) + (gaps[middle] ?? 0)) / 2;
    return median <= this.options.maxMedianGapMs;
  }
}
