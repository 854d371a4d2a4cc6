/**
 * The shape of a decoded ESC/POS job: what the printer was told, in order, and what it
 * put on paper. Shared by the decoder, the PNG renderer and the network printer.
 */
import type { CodePageName } from './code-pages.js';

export type PaperWidth = '80mm' | '58mm';
export type Alignment = 'left' | 'center' | 'right';
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

/** Printable width in dots (203 dpi heads: 72 mm of 80 mm paper, 48 mm of 58 mm). */
export const paperWidthDots: Readonly<Record<PaperWidth, number>> = { '80mm': 576, '58mm': 384 };
/** Columns of font A (12 dots) across the paper: what the shared encoder lays out for. */
export const paperColumns: Readonly<Record<PaperWidth, number>> = { '80mm': 48, '58mm': 32 };

export interface TextStyle {
  readonly font: 'A' | 'B';
  readonly bold: boolean;
  /** ESC - n: 0 none, 1 one dot, 2 two dots. */
  readonly underline: 0 | 1 | 2;
  /** GS ! (or ESC ! double width/height): 1 to 8. */
  readonly widthScale: number;
  readonly heightScale: number;
  /** GS B: white on black. */
  readonly reverse: boolean;
}

export interface TextRun {
  readonly text: string;
  readonly style: TextStyle;
}

/** What printed a line: a line feed, a feed command, the line running out of paper width
 * (the printer wraps), something that prints the buffer first, or the job's end. */
export type LineEnd = 'LF' | 'ESC d' | 'ESC J' | 'wrap' | 'cut' | 'qr' | 'image' | 'end-of-data';

/** Every event has the offset of its first byte in the job. */
export type EscPosEvent =
  | { readonly type: 'initialise'; readonly offset: number }
  | {
      readonly type: 'code-page';
      readonly offset: number;
      readonly table: number;
      readonly codePage: CodePageName | null;
    }
  | { readonly type: 'style'; readonly offset: number; readonly command: string; readonly style: TextStyle }
  /** ESC a is only obeyed at the start of a line; mid-line it is ignored (`applied: false`). */
  | { readonly type: 'align'; readonly offset: number; readonly align: Alignment; readonly applied: boolean }
  | { readonly type: 'line-spacing'; readonly offset: number; readonly dots: number }
  | {
      readonly type: 'line';
      readonly offset: number;
      readonly align: Alignment;
      readonly runs: readonly TextRun[];
      /** Width the characters take, in dots (alignment is applied within the paper). */
      readonly widthDots: number;
      /** Height of the line on paper: the line spacing, or the tallest character. */
      readonly heightDots: number;
      readonly endedBy: LineEnd;
    }
  | { readonly type: 'feed'; readonly offset: number; readonly lines: number; readonly lineSpacingDots: number }
  | { readonly type: 'feed-dots'; readonly offset: number; readonly dots: number }
  | {
      readonly type: 'qr-setting';
      readonly offset: number;
      readonly setting: 'model' | 'module-size' | 'error-correction';
      readonly value: number | string;
    }
  | { readonly type: 'qr-store'; readonly offset: number; readonly byteLength: number }
  | {
      readonly type: 'qr';
      readonly offset: number;
      /** The stored bytes as UTF-8 text (what a phone shows). */
      readonly data: string;
      readonly bytes: Uint8Array;
      readonly model: 1 | 2;
      readonly moduleDots: number;
      readonly errorCorrection: QrErrorCorrection;
      readonly align: Alignment;
    }
  | {
      readonly type: 'image';
      readonly offset: number;
      readonly command: 'GS v 0' | 'ESC *' | 'GS ( L';
      readonly widthDots: number;
      readonly heightDots: number;
      /** Dots are printed this many times wider / taller (density modes). */
      readonly scaleX: number;
      readonly scaleY: number;
      /** Row-major, most significant bit first, each row padded to whole bytes. */
      readonly bits: Uint8Array;
      readonly align: Alignment;
    }
  | { readonly type: 'cut'; readonly offset: number; readonly mode: 'full' | 'partial'; readonly feedDots: number }
  | {
      readonly type: 'drawer-kick';
      readonly offset: number;
      readonly command: 'ESC p' | 'DLE DC4';
      readonly pin: 2 | 5;
      readonly onMs: number;
      readonly offMs: number;
    }
  /** DLE EOT n: answered at once by the printer, wherever it sits in the job. */
  | { readonly type: 'status-request'; readonly offset: number; readonly n: number }
  /** GS r n: answered when the printer reaches it in the job. */
  | { readonly type: 'transmit-status'; readonly offset: number; readonly n: number }
  /** A command the simulator knows and skips because it changes nothing it draws. */
  | { readonly type: 'command'; readonly offset: number; readonly name: string; readonly byteLength: number }
  /** An ESC/GS/FS command the simulator does not know; `bytes` are its first bytes. */
  | {
      readonly type: 'unknown-command';
      readonly offset: number;
      readonly bytes: readonly number[];
      readonly byteLength: number;
    }
  /** A byte below 0x20 that is neither LF, CR, HT nor a command prefix: never printed. */
  | { readonly type: 'control-byte'; readonly offset: number; readonly byte: number }
  /** A command cut short by the end of the job. */
  | {
      readonly type: 'truncated';
      readonly offset: number;
      readonly bytes: readonly number[];
      readonly byteLength: number;
    }
  /** A bound was reached; what follows is counted but no longer kept. */
  | {
      readonly type: 'limit-reached';
      readonly offset: number;
      readonly what: 'events' | 'text' | 'qr-codes' | 'bytes';
    };

export type EscPosEventType = EscPosEvent['type'];

export interface EscPosTranscript {
  readonly paperWidth: PaperWidth;
  readonly events: readonly EscPosEvent[];
  /** Plain text of the printed lines, alignment applied within the paper's columns;
   * a QR prints as "[QR: data]", an image as "[image W×H]". */
  readonly text: string;
  readonly cuts: number;
  readonly drawerKicks: number;
  readonly qrCodes: readonly string[];
  readonly byteLength: number;
}
