/**
 * An honest ESC/POS decoder: it reads a job the way an EPSON TM printer does and says
 * what the printer was told and what went on paper. Bytes that are commands act as
 * commands even when they sat in a product name, text goes through the selected code
 * page, and nothing is "cleaned up" for the reader.
 *
 * Owns: the command grammar (lengths of every command it knows) and the printer state
 * (style, alignment, code page, QR settings). Pure: no I/O. Must never throw on any input
 * and never do more than linear work: every command is skipped by its known length, and
 * what is kept (events, text, QR codes) is bounded.
 *
 * Streaming: `push` may be called with any split of the job; a command cut across two
 * pushes waits for the rest, so GS r can be answered when the printer reaches it.
 */
import { characterOf, codePageByTable, defaultCodePage, type CodePageName } from './code-pages.js';
import {
  paperWidthDots,
  type Alignment,
  type EscPosEvent,
  type EscPosTranscript,
  type LineEnd,
  type PaperWidth,
  type QrErrorCorrection,
  type TextStyle,
} from './escpos-types.js';
import { fontCell, LineBuffer } from './line-buffer.js';
import {
  barcodeDataMaxBytes,
  decoderEventsMax,
  decoderQrCodesMax,
  decoderTextMaxChars,
  jobMaxBytes,
  tabPositionsMax,
} from './limits.js';
import { PlainText } from './plain-text.js';

export interface EscPosDecoderOptions {
  readonly paperWidth?: PaperWidth;
  /** Bytes past this are not decoded (the network printer refuses larger jobs anyway). */
  readonly maxBytes?: number;
}

const HT = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const DLE = 0x10;
const ESC = 0x1b;
const FS = 0x1c;
const GS = 0x1d;

/** ESC 2: 30 dots (3.75 mm at 203 dpi), the power-on line spacing of TM-T20-class printers. */
const defaultLineSpacingDots = 30;
/** GS ( k QR defaults after ESC @: model 2, 3-dot modules, level L. */
const qrDefaults = { model: 2 as 1 | 2, moduleDots: 3, errorCorrection: 'L' as QrErrorCorrection };
const eccByByte: Readonly<Record<number, QrErrorCorrection>> = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' };
/** First bytes of an unknown or truncated command kept in its event. */
const keptCommandBytes = 16;

const plainStyle: TextStyle = { font: 'A', bold: false, underline: 0, widthScale: 1, heightScale: 1, reverse: false };

interface StoredImage {
  readonly widthDots: number;
  readonly heightDots: number;
  readonly scaleX: number;
  readonly scaleY: number;
  readonly bits: Uint8Array;
}

/** Incomplete: the command at the cursor needs `bytes` bytes in all. One instance is
 * reused, so a command split across pushes costs no stack capture. */
class NeedMore extends Error {
  bytes = 0;
}
const needMore = new NeedMore('command continues in a later push');

export class EscPosDecoder {
  readonly #paperWidth: PaperWidth;
  readonly #paperDots: number;
  readonly #maxBytes: number;
  readonly #events: EscPosEvent[] = [];
  #fresh: EscPosEvent[] = [];
  readonly #text: PlainText;
  readonly #qrCodes: string[] = [];
  readonly #line = new LineBuffer();
  #cuts = 0;
  #drawerKicks = 0;
  #byteLength = 0;
  readonly #limitsHit = new Set<'events' | 'text' | 'qr-codes' | 'bytes'>();

  /** Bytes not yet decoded; `#base` is the job offset of `#data[0]`. */
  #data: Uint8Array = new Uint8Array(0);
  #base = 0;
  #pos = 0;
  /** Chunks waiting until `#needBytes` are available from `#pos`. */
  #waiting: Uint8Array[] = [];
  #waitingBytes = 0;
  #needBytes = 0;
  #finished = false;

  // Printer state, as ESC @ leaves it.
  #codePage: CodePageName | null = defaultCodePage;
  #font: TextStyle['font'] = 'A';
  #emphasized = false;
  #doubleStrike = false;
  #underline: TextStyle['underline'] = 0;
  #widthScale = 1;
  #heightScale = 1;
  #reverse = false;
  #style: TextStyle = plainStyle;
  #align: Alignment = 'left';
  #lineSpacingDots = defaultLineSpacingDots;
  #qr = { ...qrDefaults, stored: null as Uint8Array | null };
  #graphics: StoredImage | null = null;

  constructor(options: EscPosDecoderOptions = {}) {
    this.#paperWidth = options.paperWidth ?? '80mm';
    this.#paperDots = paperWidthDots[this.#paperWidth];
    this.#maxBytes = options.maxBytes ?? jobMaxBytes;
    this.#text = new PlainText(this.#paperDots, decoderTextMaxChars);
  }

  /** Decodes what it can of `chunk`; returns the events this call produced (also those
   * past the kept bound, so a caller can still answer GS r). */
  push(chunk: Uint8Array): readonly EscPosEvent[] {
    if (this.#finished || chunk.length === 0) return [];
    const room = this.#maxBytes - this.#byteLength;
    if (room <= 0) {
      this.#limit('bytes', this.#byteLength);
      return this.#takeFresh();
    }
    const accepted = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.#byteLength += accepted.length;
    this.#waiting.push(accepted);
    this.#waitingBytes += accepted.length;
    if (this.#data.length - this.#pos + this.#waitingBytes >= this.#needBytes) this.#run(false);
    if (accepted.length < chunk.length) this.#limit('bytes', this.#byteLength);
    return this.#takeFresh();
  }

  /** Ends the job: a command cut short is recorded as truncated, the line buffer printed. */
  finish(): EscPosTranscript {
    if (!this.#finished) {
      this.#run(true);
      this.#finished = true;
      if (!this.#line.isEmpty) this.#printLine('end-of-data', this.#base + this.#pos);
    }
    return {
      paperWidth: this.#paperWidth,
      events: this.#events,
      text: this.#text.toString(),
      cuts: this.#cuts,
      drawerKicks: this.#drawerKicks,
      qrCodes: this.#qrCodes,
      byteLength: this.#byteLength,
    };
  }

  #takeFresh(): readonly EscPosEvent[] {
    const fresh = this.#fresh;
    this.#fresh = [];
    return fresh;
  }

  #run(final: boolean): void {
    if (this.#waiting.length > 0) {
      this.#data = concat([this.#data.subarray(this.#pos), ...this.#waiting]);
      this.#base += this.#pos;
      this.#pos = 0;
      this.#waiting = [];
      this.#waitingBytes = 0;
    }
    this.#needBytes = 0;
    while (this.#pos < this.#data.length) {
      let consumed: number;
      try {
        consumed = this.#step();
      } catch (error) {
        if (!(error instanceof NeedMore)) throw error;
        if (!final) {
          this.#needBytes = error.bytes;
          return;
        }
        consumed = this.#data.length - this.#pos;
        this.#emit({
          type: 'truncated',
          offset: this.#base + this.#pos,
          bytes: this.#bytesAt(0, keptCommandBytes),
          byteLength: consumed,
        });
      }
      this.#pos += consumed;
    }
  }

  // --- reading bytes at the cursor ---------------------------------------------------

  #at(k: number): number {
    return this.#data[this.#pos + k] ?? 0;
  }

  /** Throws NeedMore unless `n` bytes are available from the cursor. */
  #need(n: number): void {
    if (this.#pos + n > this.#data.length) {
      needMore.bytes = n;
      throw needMore;
    }
  }

  #bytesAt(from: number, count: number): number[] {
    return Array.from(this.#data.subarray(this.#pos + from, Math.min(this.#data.length, this.#pos + from + count)));
  }

  #slice(from: number, count: number): Uint8Array {
    return this.#data.slice(this.#pos + from, this.#pos + from + count);
  }

  // --- recording -----------------------------------------------------------------------

  #emit(event: EscPosEvent): void {
    this.#fresh.push(event);
    if (this.#events.length < decoderEventsMax) this.#events.push(event);
    else this.#limit('events', event.offset);
  }

  #limit(what: 'events' | 'text' | 'qr-codes' | 'bytes', offset: number): void {
    if (this.#limitsHit.has(what)) return;
    this.#limitsHit.add(what);
    // Pushed past the bound on purpose: the one event saying the bound was reached.
    const event: EscPosEvent = { type: 'limit-reached', offset, what };
    this.#events.push(event);
    this.#fresh.push(event);
  }

  #command(name: string, byteLength: number): number {
    this.#emit({ type: 'command', offset: this.#base + this.#pos, name, byteLength });
    return byteLength;
  }

  #unknown(byteLength: number): number {
    this.#emit({
      type: 'unknown-command',
      offset: this.#base + this.#pos,
      bytes: this.#bytesAt(0, Math.min(byteLength, keptCommandBytes)),
      byteLength,
    });
    return byteLength;
  }

  #textLine(text: string, align: Alignment, widthDots: number, offset: number): void {
    if (!this.#text.line(text, align, widthDots)) this.#limit('text', offset);
  }

  /** A text stand-in for a graphic, aligned as the graphic is. */
  #markerLine(marker: string, offset: number): void {
    this.#textLine(marker, this.#align, Math.min(this.#paperDots, marker.length * fontCell.A.widthDots), offset);
  }

  #blankLines(lines: number, offset: number): void {
    if (!this.#text.blank(lines)) this.#limit('text', offset);
  }

  // --- state changes -------------------------------------------------------------------

  #restyle(command: string): void {
    this.#style = {
      font: this.#font,
      bold: this.#emphasized || this.#doubleStrike,
      underline: this.#underline,
      widthScale: this.#widthScale,
      heightScale: this.#heightScale,
      reverse: this.#reverse,
    };
    this.#emit({ type: 'style', offset: this.#base + this.#pos, command, style: this.#style });
  }

  #initialise(): void {
    this.#codePage = defaultCodePage;
    this.#font = 'A';
    this.#emphasized = false;
    this.#doubleStrike = false;
    this.#underline = 0;
    this.#widthScale = 1;
    this.#heightScale = 1;
    this.#reverse = false;
    this.#style = plainStyle;
    this.#align = 'left';
    this.#lineSpacingDots = defaultLineSpacingDots;
    this.#qr = { ...qrDefaults, stored: null };
    this.#graphics = null;
  }

  /** Prints the line buffer as one line. */
  #printLine(endedBy: LineEnd, offset: number, feedDots?: number): void {
    const { runs, widthDots, heightDots } = this.#line.take();
    const lineHeight = Math.max(feedDots ?? this.#lineSpacingDots, heightDots);
    this.#emit({ type: 'line', offset, align: this.#align, runs, widthDots, heightDots: lineHeight, endedBy });
    this.#textLine(runs.map((run) => run.text).join(''), this.#align, widthDots, offset);
  }

  #flushBeforeGraphic(endedBy: LineEnd): void {
    if (!this.#line.isEmpty) this.#printLine(endedBy, this.#base + this.#pos);
  }

  // --- the grammar ---------------------------------------------------------------------

  /** Decodes one item at the cursor; returns how many bytes it took (≥ 1). */
  #step(): number {
    const byte = this.#at(0);
    if (byte >= 0x20 && byte !== 0x7f) return this.#printable();
    switch (byte) {
      case LF:
        this.#printLine('LF', this.#base + this.#pos);
        return 1;
      case CR:
        // With automatic line feed off (the default), CR is ignored.
        return 1;
      case HT:
        this.#line.tab(this.#style, this.#paperDots);
        return 1;
      case ESC:
        return this.#esc();
      case GS:
        return this.#gs();
      case FS:
        return this.#fs();
      case DLE:
        return this.#dle();
      default:
        this.#emit({ type: 'control-byte', offset: this.#base + this.#pos, byte });
        return 1;
    }
  }

  /** A run of printable bytes, each through the code page, wrapping at the paper's edge. */
  #printable(): number {
    let count = 0;
    for (;;) {
      const byte = this.#data[this.#pos + count];
      if (byte === undefined || byte < 0x20 || byte === 0x7f) break;
      if (!this.#line.fits(this.#style, this.#paperDots) && !this.#line.isEmpty)
        this.#printLine('wrap', this.#base + this.#pos + count);
      this.#line.add(characterOf(this.#codePage, byte), this.#style);
      count++;
    }
    return count;
  }

  #esc(): number {
    this.#need(2);
    const command = this.#at(1);
    const offset = this.#base + this.#pos;
    switch (command) {
      case 0x40: // ESC @ initialise: settings reset, the line buffer discarded
        this.#line.take();
        this.#initialise();
        this.#emit({ type: 'initialise', offset });
        return 2;
      case 0x21: {
        // ESC ! n: font B (bit 0), emphasized (3), double height (4) and width (5), underline (7)
        this.#need(3);
        const n = this.#at(2);
        this.#font = (n & 0x01) === 0 ? 'A' : 'B';
        this.#emphasized = (n & 0x08) !== 0;
        this.#heightScale = (n & 0x10) === 0 ? 1 : 2;
        this.#widthScale = (n & 0x20) === 0 ? 1 : 2;
        this.#underline = (n & 0x80) === 0 ? 0 : 1;
        this.#restyle('ESC !');
        return 3;
      }
      case 0x45: // ESC E n: emphasized on/off (bit 0)
        this.#need(3);
        this.#emphasized = (this.#at(2) & 0x01) === 1;
        this.#restyle('ESC E');
        return 3;
      case 0x47: // ESC G n: double-strike, printed like emphasized
        this.#need(3);
        this.#doubleStrike = (this.#at(2) & 0x01) === 1;
        this.#restyle('ESC G');
        return 3;
      case 0x2d: {
        // ESC - n: underline 0/1/2 dots (n or ASCII '0'..'2'); other values are ignored
        this.#need(3);
        const n = this.#at(2) >= 0x30 ? this.#at(2) - 0x30 : this.#at(2);
        if (n === 0 || n === 1 || n === 2) this.#underline = n;
        this.#restyle('ESC -');
        return 3;
      }
      case 0x4d: // ESC M n: font A (0/48) or B (1/49)
        this.#need(3);
        this.#font = this.#at(2) === 1 || this.#at(2) === 0x31 ? 'B' : 'A';
        this.#restyle('ESC M');
        return 3;
      case 0x61: {
        // ESC a n: alignment, obeyed only at the start of a line
        this.#need(3);
        const align = alignmentOf(this.#at(2));
        if (align === null) return this.#command('ESC a (invalid n)', 3);
        const applied = this.#line.isEmpty;
        if (applied) this.#align = align;
        this.#emit({ type: 'align', offset, align, applied });
        return 3;
      }
      case 0x74: {
        // ESC t n: character code table
        this.#need(3);
        const table = this.#at(2);
        this.#codePage = codePageByTable[table] ?? null;
        this.#emit({ type: 'code-page', offset, table, codePage: this.#codePage });
        return 3;
      }
      case 0x64: {
        // ESC d n: print the buffer and feed n lines
        this.#need(3);
        const lines = this.#at(2);
        let extra = lines;
        if (!this.#line.isEmpty) {
          this.#printLine('ESC d', offset);
          extra = Math.max(0, lines - 1);
        }
        if (extra > 0) {
          this.#emit({ type: 'feed', offset, lines: extra, lineSpacingDots: this.#lineSpacingDots });
          this.#blankLines(extra, offset);
        }
        return 3;
      }
      case 0x4a: {
        // ESC J n: print the buffer and feed n dots
        this.#need(3);
        const dots = this.#at(2);
        if (!this.#line.isEmpty) this.#printLine('ESC J', offset, dots);
        else {
          this.#emit({ type: 'feed-dots', offset, dots });
          this.#blankLines(Math.floor(dots / this.#lineSpacingDots), offset);
        }
        return 3;
      }
      case 0x32: // ESC 2: default line spacing
        this.#lineSpacingDots = defaultLineSpacingDots;
        this.#emit({ type: 'line-spacing', offset, dots: this.#lineSpacingDots });
        return 2;
      case 0x33: // ESC 3 n: line spacing n dots
        this.#need(3);
        this.#lineSpacingDots = this.#at(2);
        this.#emit({ type: 'line-spacing', offset, dots: this.#lineSpacingDots });
        return 3;
      case 0x70: {
        // ESC p m t1 t2: drawer kick pulse on pin 2 (m = 0/48) or 5 (1/49), times in 2 ms
        this.#need(5);
        this.#drawerKicks++;
        this.#emit({
          type: 'drawer-kick',
          offset,
          command: 'ESC p',
          pin: (this.#at(2) & 0x01) === 0 ? 2 : 5,
          onMs: this.#at(3) * 2,
          offMs: this.#at(4) * 2,
        });
        return 5;
      }
      case 0x69: // ESC i / ESC m: the old partial cuts
      case 0x6d:
        this.#flushBeforeGraphic('cut');
        this.#cuts++;
        this.#emit({ type: 'cut', offset, mode: 'partial', feedDots: 0 });
        return 2;
      case 0x2a:
        return this.#bitImage();
      case 0x44:
        return this.#untilNul(2, tabPositionsMax, 'ESC D (tab positions)');
      case 0x26:
        return this.#userCharacters();
      case 0x28: {
        // ESC ( fn pL pH ...: length-prefixed extended commands
        this.#need(5);
        const length = 5 + this.#at(3) + this.#at(4) * 256;
        this.#need(length);
        return this.#command(`ESC ( ${String.fromCharCode(this.#at(2))}`, length);
      }
      case 0x63: // ESC c x n: panel buttons, paper sensors
        this.#need(4);
        return this.#command(`ESC c ${String.fromCharCode(this.#at(2))}`, 4);
      case 0x57: // ESC W: print area in page mode
        this.#need(10);
        return this.#command('ESC W', 10);
      case 0x24: // ESC $ / ESC \: absolute and relative print position
      case 0x5c:
        this.#need(4);
        return this.#command(`ESC ${String.fromCharCode(command)}`, 4);
      case 0x20: // ESC SP, R, V, {, %, ?, =, r, U, T, u, e, K: one parameter, no effect here
      case 0x52:
      case 0x56:
      case 0x7b:
      case 0x25:
      case 0x3f:
      case 0x3d:
      case 0x72:
      case 0x55:
      case 0x54:
      case 0x75:
      case 0x65:
      case 0x4b:
        this.#need(3);
        return this.#command(`ESC ${command === 0x20 ? 'SP' : String.fromCharCode(command)}`, 3);
      case 0x4c: // ESC L, S, FF, <, v: no parameter, no effect here
      case 0x53:
      case 0x0c:
      case 0x3c:
      case 0x76:
        return this.#command(`ESC ${command === 0x0c ? 'FF' : String.fromCharCode(command)}`, 2);
      default:
        return this.#unknown(2);
    }
  }

  #gs(): number {
    this.#need(2);
    const command = this.#at(1);
    const offset = this.#base + this.#pos;
    switch (command) {
      case 0x21: {
        // GS ! n: width (bits 4-6) and height (bits 0-2) multipliers; bits 3 and 7 must be 0
        this.#need(3);
        const n = this.#at(2);
        if ((n & 0x88) === 0) {
          this.#widthScale = (n >> 4) + 1;
          this.#heightScale = (n & 0x07) + 1;
        }
        this.#restyle('GS !');
        return 3;
      }
      case 0x42: // GS B n: reverse printing
        this.#need(3);
        this.#reverse = (this.#at(2) & 0x01) === 1;
        this.#restyle('GS B');
        return 3;
      case 0x56:
        return this.#cut();
      case 0x76:
        return this.#rasterImage();
      case 0x28: {
        // GS ( x pL pH ...: length-prefixed; k = 2D symbols (QR), L = graphics
        this.#need(5);
        const length = this.#at(3) + this.#at(4) * 256;
        this.#need(5 + length);
        if (this.#at(2) === 0x6b) this.#symbol(this.#slice(5, length));
        else if (this.#at(2) === 0x4c) this.#graphic(this.#slice(5, length), 'GS ( L');
        else
          this.#emit({
            type: 'command',
            offset,
            name: `GS ( ${String.fromCharCode(this.#at(2))}`,
            byteLength: 5 + length,
          });
        return 5 + length;
      }
      case 0x38: {
        // GS 8 L p1 p2 p3 p4 ...: graphics with a 32-bit length
        this.#need(3);
        if (this.#at(2) !== 0x4c) return this.#unknown(2);
        this.#need(7);
        const length = (this.#at(3) | (this.#at(4) << 8) | (this.#at(5) << 16) | (this.#at(6) << 24)) >>> 0;
        this.#need(7 + length);
        this.#graphic(this.#slice(7, length), 'GS 8 L');
        return 7 + length;
      }
      case 0x72: // GS r n: transmit status (answered in order, not in real time)
        this.#need(3);
        this.#emit({ type: 'transmit-status', offset, n: this.#at(2) });
        return 3;
      case 0x6b:
        return this.#barcode();
      case 0x2a: {
        // GS * x y d1..d(x*y*8): define a downloaded bit image
        this.#need(4);
        const length = 4 + this.#at(2) * this.#at(3) * 8;
        this.#need(length);
        return this.#command('GS * (downloaded bit image, not printed)', length);
      }
      case 0x48: // GS H, h, w, f, a, I, /, b, T: one parameter, no effect here
      case 0x68:
      case 0x77:
      case 0x66:
      case 0x61:
      case 0x49:
      case 0x2f:
      case 0x62:
      case 0x54:
        this.#need(3);
        return this.#command(`GS ${String.fromCharCode(command)}`, 3);
      case 0x4c: // GS L, W, $, \, P: two parameters
      case 0x57:
      case 0x24:
      case 0x5c:
      case 0x50:
        this.#need(4);
        return this.#command(`GS ${String.fromCharCode(command)}`, 4);
      case 0x5e: // GS ^ r t m: execute macro
        this.#need(5);
        return this.#command('GS ^', 5);
      case 0x3a: // GS : start/end macro definition
        return this.#command('GS :', 2);
      default:
        return this.#unknown(2);
    }
  }

  #fs(): number {
    this.#need(2);
    const command = this.#at(1);
    switch (command) {
      case 0x70: // FS p n m: NV bit image, which this printer does not hold
        this.#need(4);
        return this.#command('FS p (NV bit image, none stored)', 4);
      case 0x26: // FS & / FS .: Kanji mode on/off
      case 0x2e:
        return this.#command(`FS ${String.fromCharCode(command)}`, 2);
      case 0x21: // FS !, -, C, W: one parameter
      case 0x2d:
      case 0x43:
      case 0x57:
        this.#need(3);
        return this.#command(`FS ${String.fromCharCode(command)}`, 3);
      case 0x53: // FS S n1 n2
        this.#need(4);
        return this.#command('FS S', 4);
      case 0x32: // FS 2 c1 c2 d1..d72: user-defined Kanji (24 × 24 dots)
        this.#need(4 + 72);
        return this.#command('FS 2', 4 + 72);
      case 0x28: {
        this.#need(5);
        const length = 5 + this.#at(3) + this.#at(4) * 256;
        this.#need(length);
        return this.#command(`FS ( ${String.fromCharCode(this.#at(2))}`, length);
      }
      default:
        return this.#unknown(2);
    }
  }

  #dle(): number {
    this.#need(2);
    const offset = this.#base + this.#pos;
    switch (this.#at(1)) {
      case 0x04: {
        // DLE EOT n (n = 7, 8 take one more byte)
        this.#need(3);
        const n = this.#at(2);
        const length = n === 7 || n === 8 ? 4 : 3;
        this.#need(length);
        this.#emit({ type: 'status-request', offset, n });
        return length;
      }
      case 0x05: // DLE ENQ n: real-time request (recover, clear)
        this.#need(3);
        return this.#command('DLE ENQ', 3);
      case 0x14: {
        // DLE DC4 fn ...: real-time pulse (drawer), power off, buzzer, status, clear buffer
        this.#need(3);
        const fn = this.#at(2);
        if (fn === 1) {
          this.#need(5);
          this.#drawerKicks++;
          const pulseMs = this.#at(4) * 100;
          this.#emit({
            type: 'drawer-kick',
            offset,
            command: 'DLE DC4',
            pin: (this.#at(3) & 0x01) === 0 ? 2 : 5,
            onMs: pulseMs,
            offMs: pulseMs,
          });
          return 5;
        }
        const lengths: Readonly<Record<number, number>> = { 2: 5, 3: 8, 7: 4, 8: 10 };
        const length = lengths[fn];
        if (length === undefined) return this.#unknown(3);
        this.#need(length);
        return this.#command(`DLE DC4 ${String(fn)}`, length);
      }
      default:
        // DLE alone is not a command prefix: an unprintable control byte.
        this.#emit({ type: 'control-byte', offset, byte: DLE });
        return 1;
    }
  }

  // --- commands with data ----------------------------------------------------------------

  /** GS V m [n]: full (0, 48, 65, 97, 103) or partial (1, 49, 66, 98, 104) cut, some after a feed. */
  #cut(): number {
    this.#need(3);
    const m = this.#at(2);
    const full = [0, 48, 65, 97, 103].includes(m);
    const partial = [1, 49, 66, 98, 104].includes(m);
    if (!full && !partial) return this.#unknown(3);
    const withFeed = m >= 65;
    this.#need(withFeed ? 4 : 3);
    this.#flushBeforeGraphic('cut');
    this.#cuts++;
    this.#emit({
      type: 'cut',
      offset: this.#base + this.#pos,
      mode: full ? 'full' : 'partial',
      feedDots: withFeed ? this.#at(3) : 0,
    });
    return withFeed ? 4 : 3;
  }

  /** GS v 0 m xL xH yL yH d...: raster bit image, x bytes wide, y dots high. */
  #rasterImage(): number {
    this.#need(8);
    if (this.#at(2) !== 0x30) return this.#unknown(3);
    const mode = this.#at(3) & 0x03;
    const widthBytes = this.#at(4) + this.#at(5) * 256;
    const heightDots = this.#at(6) + this.#at(7) * 256;
    const length = 8 + widthBytes * heightDots;
    this.#need(length);
    this.#flushBeforeGraphic('image');
    this.#emit({
      type: 'image',
      offset: this.#base + this.#pos,
      command: 'GS v 0',
      widthDots: widthBytes * 8,
      heightDots,
      scaleX: mode === 1 || mode === 3 ? 2 : 1,
      scaleY: mode === 2 || mode === 3 ? 2 : 1,
      bits: this.#slice(8, widthBytes * heightDots),
      align: this.#align,
    });
    this.#markerLine(`[image ${String(widthBytes * 8)}×${String(heightDots)}]`, this.#base + this.#pos);
    return length;
  }

  /** ESC * m nL nH d...: one band of a column-format bit image (8 or 24 dots high). */
  #bitImage(): number {
    this.#need(5);
    const m = this.#at(2);
    const columns = this.#at(3) + this.#at(4) * 256;
    const bytesPerColumn = m === 0 || m === 1 ? 1 : m === 32 || m === 33 ? 3 : 0;
    if (bytesPerColumn === 0) return this.#unknown(3);
    const length = 5 + columns * bytesPerColumn;
    this.#need(length);
    const heightDots = bytesPerColumn * 8;
    const rowBytes = Math.ceil(columns / 8);
    const bits = new Uint8Array(rowBytes * heightDots);
    for (let column = 0; column < columns; column++) {
      for (let y = 0; y < heightDots; y++) {
        const byte = this.#at(5 + column * bytesPerColumn + (y >> 3));
        if ((byte & (0x80 >> (y & 7))) !== 0)
          bits[y * rowBytes + (column >> 3)] = (bits[y * rowBytes + (column >> 3)] ?? 0) | (0x80 >> (column & 7));
      }
    }
    // Single density doubles each dot across; 8-dot modes are 60 dpi tall (three dots each).
    this.#emit({
      type: 'image',
      offset: this.#base + this.#pos,
      command: 'ESC *',
      widthDots: columns,
      heightDots,
      scaleX: m === 0 || m === 32 ? 2 : 1,
      scaleY: bytesPerColumn === 1 ? 3 : 1,
      bits,
      align: this.#align,
    });
    return length;
  }

  /** ESC & y c1 c2 [x d1..d(y*x)]...: user-defined characters, skipped. */
  #userCharacters(): number {
    this.#need(5);
    const height = this.#at(2);
    const first = this.#at(3);
    const last = this.#at(4);
    if (height < 1 || height > 3 || first < 0x20 || last > 0x7e || last < first) return this.#unknown(2);
    let length = 5;
    for (let character = first; character <= last; character++) {
      this.#need(length + 1);
      length += 1 + height * this.#at(length);
    }
    this.#need(length);
    return this.#command('ESC & (user-defined characters, not used)', length);
  }

  /** A command whose parameters end with NUL, at most `maxParameters` of them. */
  #untilNul(headerBytes: number, maxParameters: number, name: string): number {
    for (let k = headerBytes; k <= headerBytes + maxParameters; k++) {
      this.#need(k + 1);
      if (this.#at(k) === 0) return this.#command(name, k + 1);
    }
    return this.#command(name, headerBytes + maxParameters + 1);
  }

  /** GS k m ...: barcode; m 0-6 data then NUL, m 65-79 n then n bytes. Not drawn. */
  #barcode(): number {
    this.#need(3);
    const m = this.#at(2);
    if (m <= 6) return this.#untilNul(3, barcodeDataMaxBytes, 'GS k (barcode, not drawn)');
    if (m >= 65 && m <= 79) {
      this.#need(4);
      const length = 4 + this.#at(3);
      this.#need(length);
      return this.#command('GS k (barcode, not drawn)', length);
    }
    return this.#unknown(3);
  }

  /** GS ( k body (cn fn ...): QR settings, store (fn 80), print (fn 81). */
  #symbol(body: Uint8Array): void {
    const offset = this.#base + this.#pos;
    const cn = body[0] ?? 0;
    const fn = body[1] ?? 0;
    const parameter = body[2] ?? 0;
    if (cn !== 0x31) {
      this.#emit({
        type: 'command',
        offset,
        name: `GS ( k cn=${String(cn)} fn=${String(fn)} (2D symbol, not drawn)`,
        byteLength: 5 + body.length,
      });
      return;
    }
    switch (fn) {
      case 65: // model: 49 → 1, 50 → 2 (51, Micro QR, is not simulated)
        if (parameter === 49 || parameter === 50) this.#qr.model = parameter === 49 ? 1 : 2;
        this.#emit({ type: 'qr-setting', offset, setting: 'model', value: parameter - 48 });
        return;
      case 67: // module size in dots, 1 to 16
        if (parameter >= 1 && parameter <= 16) this.#qr.moduleDots = parameter;
        this.#emit({ type: 'qr-setting', offset, setting: 'module-size', value: parameter });
        return;
      case 69: {
        // error correction level: 48 L, 49 M, 50 Q, 51 H
        const level = eccByByte[parameter];
        if (level !== undefined) this.#qr.errorCorrection = level;
        this.#emit({ type: 'qr-setting', offset, setting: 'error-correction', value: level ?? parameter });
        return;
      }
      case 80: // store data (after m = 48)
        this.#qr.stored = body.slice(3);
        this.#emit({ type: 'qr-store', offset, byteLength: this.#qr.stored.length });
        return;
      case 81: {
        // print the stored symbol
        const stored = this.#qr.stored;
        if (stored === null || stored.length === 0) {
          this.#emit({
            type: 'command',
            offset,
            name: 'GS ( k QR print with no data stored',
            byteLength: 5 + body.length,
          });
          return;
        }
        this.#flushBeforeGraphic('qr');
        const data = new TextDecoder('utf-8', { fatal: false }).decode(stored);
        this.#emit({
          type: 'qr',
          offset,
          data,
          bytes: stored,
          model: this.#qr.model,
          moduleDots: this.#qr.moduleDots,
          errorCorrection: this.#qr.errorCorrection,
          align: this.#align,
        });
        if (this.#qrCodes.length < decoderQrCodesMax) this.#qrCodes.push(data);
        else this.#limit('qr-codes', offset);
        this.#markerLine(`[QR: ${data}]`, offset);
        return;
      }
      default:
        this.#emit({ type: 'command', offset, name: `GS ( k QR fn=${String(fn)}`, byteLength: 5 + body.length });
    }
  }

  /** GS ( L / GS 8 L body (m fn ...): fn 112 stores a raster graphic, fn 50 prints it. */
  #graphic(body: Uint8Array, command: 'GS ( L' | 'GS 8 L'): void {
    const offset = this.#base + this.#pos;
    const fn = body[1] ?? 0;
    const headerBytes = command === 'GS ( L' ? 5 : 7;
    if (fn === 112 && body.length >= 10) {
      const widthDots = (body[6] ?? 0) + (body[7] ?? 0) * 256;
      const heightDots = (body[8] ?? 0) + (body[9] ?? 0) * 256;
      const bytes = Math.ceil(widthDots / 8) * heightDots;
      const scale = (value: number | undefined): number => (value === 2 ? 2 : 1);
      if ((body[2] ?? 0) === 48 && body.length >= 10 + bytes) {
        this.#graphics = {
          widthDots,
          heightDots,
          scaleX: scale(body[3]),
          scaleY: scale(body[4]),
          bits: body.slice(10, 10 + bytes),
        };
        this.#emit({
          type: 'command',
          offset,
          name: `${command} fn=112 (raster graphic stored)`,
          byteLength: headerBytes + body.length,
        });
        return;
      }
    }
    if (fn === 50 && this.#graphics !== null) {
      this.#flushBeforeGraphic('image');
      const stored = this.#graphics;
      this.#emit({ type: 'image', offset, command: 'GS ( L', ...stored, align: this.#align });
      this.#markerLine(`[image ${String(stored.widthDots)}×${String(stored.heightDots)}]`, offset);
      return;
    }
    this.#emit({ type: 'command', offset, name: `${command} fn=${String(fn)}`, byteLength: headerBytes + body.length });
  }
}

function alignmentOf(n: number): Alignment | null {
  if (n === 0 || n === 48) return 'left';
  if (n === 1 || n === 49) return 'center';
  if (n === 2 || n === 50) return 'right';
  return null;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Decodes a whole job at once. */
export function decodeEscPos(bytes: Uint8Array, options: EscPosDecoderOptions = {}): EscPosTranscript {
  const decoder = new EscPosDecoder(options);
  decoder.push(bytes);
  return decoder.finish();
}
