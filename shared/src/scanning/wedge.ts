/**
 * USB keyboard-wedge scanners type a code as keystrokes, much faster than a person, then
 * Enter. The counter app feeds every key to this detector: a burst of at least `minChars`
 * characters, each within `maxGapMs` of the previous, ended by Enter, is a scan; anything
 * slower is typing and is left to the focused field. Pure: time comes with each key.
 */
export interface WedgeOptions {
  /** Scanners send a key every 5 to 20 ms; people rarely type two keys under 35 ms apart. */
  readonly maxGapMs?: number;
  readonly minChars?: number;
  readonly maxChars?: number;
}

export class WedgeDetector {
  private buffer = '';
  private lastAtMs = Number.NEGATIVE_INFINITY;
  private readonly maxGapMs: number;
  private readonly minChars: number;
  private readonly maxChars: number;

  constructor(options: WedgeOptions = {}) {
    this.maxGapMs = options.maxGapMs ?? 35;
    this.minChars = options.minChars ?? 6;
    this.maxChars = options.maxChars ?? 2000;
  }

  /** One key (a single character, or "Enter"); returns the scanned code when a burst ends. */
  key(key: string, atMs: number): string | null {
    const inBurst = atMs - this.lastAtMs <= this.maxGapMs;
    this.lastAtMs = atMs;
    if (key === 'Enter') {
      const code = inBurst && this.buffer.length >= this.minChars ? this.buffer : null;
      this.buffer = '';
      return code;
    }
    if (key.length !== 1) {
      this.buffer = '';
      return null;
    }
    this.buffer = inBurst ? this.buffer + key : key;
    if (this.buffer.length > this.maxChars) this.buffer = '';
    return null;
  }

  /** True while a burst is under way: the app holds those keys back from the focused field. */
  scanning(atMs: number): boolean {
    return this.buffer.length >= 2 && atMs - this.lastAtMs <= this.maxGapMs;
  }
}
