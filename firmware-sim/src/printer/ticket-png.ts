/**
 * A PNG picture of the paper a decoded job came out as: one pixel per printer dot (576
 * wide for 80 mm, 384 for 58 mm), text in a 12 × 24 bitmap font with its style (bold,
 * underline, double size, reverse), QR codes as real module matrices that a phone or a
 * QR library reads back, raster images dot for dot, and a dashed line where the paper
 * was cut.
 *
 * Owns: layout on paper. Pure: returns bytes, writes nothing. Must never allocate past
 * ticketHeightMaxDots: a longer ticket is cut off there.
 */
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import {
  paperWidthDots,
  type Alignment,
  type EscPosEvent,
  type EscPosTranscript,
  type TextRun,
} from './escpos-types.js';
import { glyphFor, glyphHeight, glyphWidth } from './glyphs.js';
import { characterHeightDots, characterWidthDots } from './line-buffer.js';
import { ticketHeightMaxDots } from './limits.js';

/** Blank paper before the first line and after the last, as the paper leaves the slot. */
const marginDots = 16;
/** The QR standard asks for 4 blank modules around the symbol, so readers find it. */
const qrQuietModules = 4;
/** Paper fed between the cut line and what follows, so the picture shows a gap. */
const cutGapDots = 24;

type QrEvent = Extract<EscPosEvent, { type: 'qr' }>;

/** Grey-level paper: 255 white, 0 black; drawing outside it is dropped. */
class Paper {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height).fill(255);
  }

  dot(x: number, y: number, black = true): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    this.pixels[y * this.width + x] = black ? 0 : 255;
  }

  fill(x: number, y: number, width: number, height: number, black = true): void {
    for (let dy = 0; dy < height; dy++) for (let dx = 0; dx < width; dx++) this.dot(x + dx, y + dy, black);
  }
}

function offsetFor(align: Alignment, contentDots: number, paperDots: number): number {
  const spare = Math.max(0, paperDots - contentDots);
  return align === 'center' ? Math.floor(spare / 2) : align === 'right' ? spare : 0;
}

/** The module matrix a printer would print, or null when the data does not fit a QR. */
function qrMatrix(event: QrEvent): { size: number; get(row: number, column: number): number } | null {
  try {
    return QRCode.create([{ data: event.bytes, mode: 'byte' }], { errorCorrectionLevel: event.errorCorrection })
      .modules;
  } catch {
    return null;
  }
}

function heightOf(event: EscPosEvent, matrices: Map<EscPosEvent, ReturnType<typeof qrMatrix>>): number {
  switch (event.type) {
    case 'line':
      return event.heightDots;
    case 'feed':
      return event.lines * event.lineSpacingDots;
    case 'feed-dots':
      return event.dots;
    case 'image':
      return event.heightDots * event.scaleY;
    case 'qr': {
      const matrix = matrices.get(event) ?? null;
      return matrix === null ? glyphHeight * 2 : (matrix.size + 2 * qrQuietModules) * event.moduleDots;
    }
    case 'cut':
      return event.feedDots + cutGapDots;
    case 'initialise':
    case 'code-page':
    case 'style':
    case 'align':
    case 'line-spacing':
    case 'qr-setting':
    case 'qr-store':
    case 'drawer-kick':
    case 'status-request':
    case 'transmit-status':
    case 'command':
    case 'unknown-command':
    case 'control-byte':
    case 'truncated':
    case 'limit-reached':
      return 0;
  }
}

function drawRuns(paper: Paper, runs: readonly TextRun[], left: number, top: number): void {
  const tallest = Math.max(0, ...runs.map((run) => characterHeightDots(run.style)));
  let x = left;
  for (const run of runs) {
    const cellWidth = characterWidthDots(run.style);
    const cellHeight = characterHeightDots(run.style);
    const cellTop = top + tallest - cellHeight;
    for (const character of run.text) {
      const glyph = glyphFor(character);
      if (run.style.reverse) paper.fill(x, cellTop, cellWidth, cellHeight);
      for (let dy = 0; dy < cellHeight; dy++) {
        const row = glyph[Math.floor((dy * glyphHeight) / cellHeight)] ?? 0;
        for (let dx = 0; dx < cellWidth; dx++) {
          if ((row & (1 << (glyphWidth - 1 - Math.floor((dx * glyphWidth) / cellWidth)))) === 0) continue;
          paper.dot(x + dx, cellTop + dy, !run.style.reverse);
          if (run.style.bold) paper.dot(x + dx + 1, cellTop + dy, !run.style.reverse);
        }
      }
      if (run.style.underline > 0)
        paper.fill(x, cellTop + cellHeight - run.style.underline, cellWidth, run.style.underline, !run.style.reverse);
      x += cellWidth;
    }
  }
}

function drawImage(paper: Paper, event: Extract<EscPosEvent, { type: 'image' }>, top: number): void {
  const rowBytes = Math.ceil(event.widthDots / 8);
  const left = offsetFor(event.align, event.widthDots * event.scaleX, paper.width);
  for (let y = 0; y < event.heightDots; y++) {
    for (let x = 0; x < event.widthDots; x++) {
      const byte = event.bits[y * rowBytes + (x >> 3)] ?? 0;
      if ((byte & (0x80 >> (x & 7))) !== 0)
        paper.fill(left + x * event.scaleX, top + y * event.scaleY, event.scaleX, event.scaleY);
    }
  }
}

function drawQr(paper: Paper, event: QrEvent, matrix: ReturnType<typeof qrMatrix>, top: number): void {
  if (matrix === null) {
    // Data too long for any QR version: the printer prints nothing; mark the place.
    const left = offsetFor(event.align, glyphWidth * 2, paper.width);
    drawRuns(
      paper,
      [
        {
          text: '\ufffd',
          style: { font: 'A', bold: false, underline: 0, widthScale: 2, heightScale: 2, reverse: false },
        },
      ],
      left,
      top,
    );
    return;
  }
  const module = event.moduleDots;
  const left = offsetFor(event.align, matrix.size * module, paper.width);
  const symbolTop = top + qrQuietModules * module;
  for (let row = 0; row < matrix.size; row++) {
    for (let column = 0; column < matrix.size; column++) {
      if (matrix.get(row, column) !== 0) paper.fill(left + column * module, symbolTop + row * module, module, module);
    }
  }
}

/** Renders the transcript's paper as a PNG (grey-scale, one pixel per dot). */
export function renderTicketPng(transcript: EscPosTranscript): Buffer {
  const width = paperWidthDots[transcript.paperWidth];
  const matrices = new Map<EscPosEvent, ReturnType<typeof qrMatrix>>();
  let contentHeight = 0;
  for (const event of transcript.events) {
    if (event.type === 'qr') matrices.set(event, qrMatrix(event));
    contentHeight += heightOf(event, matrices);
    if (contentHeight > ticketHeightMaxDots) break;
  }
  const paper = new Paper(width, Math.min(ticketHeightMaxDots, contentHeight + 2 * marginDots));

  let y = marginDots;
  for (const event of transcript.events) {
    if (y >= paper.height) break;
    if (event.type === 'line') drawRuns(paper, event.runs, offsetFor(event.align, event.widthDots, width), y);
    else if (event.type === 'image') drawImage(paper, event, y);
    else if (event.type === 'qr') drawQr(paper, event, matrices.get(event) ?? null, y);
    else if (event.type === 'cut')
      for (let x = 0; x < width; x += 16) paper.fill(x, y + event.feedDots + cutGapDots / 2, 8, 1);
    y += heightOf(event, matrices);
  }

  const png = new PNG({
    width: paper.width,
    height: paper.height,
    colorType: 0,
    inputColorType: 0,
    inputHasAlpha: false,
    bitDepth: 8,
  });
  png.data = Buffer.from(paper.pixels.buffer, paper.pixels.byteOffset, paper.pixels.byteLength);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
}
