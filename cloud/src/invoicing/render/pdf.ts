/**
 * Invoice PDF in A4 and as an 80 mm or 58 mm ticket, drawn from the shared layout blocks
 * with pdfkit. Fonts: DejaVu Sans (every French accent, the € and ’), read from disk once
 * per process and embedded (subset) in each PDF. A ticket's page is as long as its content:
 * laid out once on a long page to measure, then drawn at that height.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { displayBlocks, type LayoutBlock } from '@ismail/shared';

export type PdfFormat = 'a4' | '80mm' | '58mm';

const mm = 72 / 25.4;
const widths: Readonly<Record<PdfFormat, number>> = { a4: 595.28, '80mm': 80 * mm, '58mm': 58 * mm };
const margins: Readonly<Record<PdfFormat, number>> = { a4: 42, '80mm': 8, '58mm': 6 };
const sizes: Readonly<Record<PdfFormat, { title: number; body: number; small: number; qr: number }>> = {
  a4: { title: 16, body: 10, small: 8, qr: 110 },
  '80mm': { title: 11, body: 8, small: 7, qr: 120 },
  '58mm': { title: 9, body: 7, small: 6, qr: 100 },
};

type ParsedFont = ReturnType<typeof fontkit.create>;
let fonts: { regular: ParsedFont; bold: ParsedFont } | undefined;
/** Read and parsed once per process: parsing DejaVu (700 kB) per document cost most of the time. */
function loadFonts(): { regular: ParsedFont; bold: ParsedFont } {
  if (fonts === undefined) {
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fonts = { regular: fontkit.create(readFileSync(path.join(dir, 'DejaVuSans.ttf'))), bold: fontkit.create(readFileSync(path.join(dir, 'DejaVuSans-Bold.ttf'))) };
  }
  return fonts;
}

/** QR module matrices by content, bounded: a verification URL is printed again on every reprint. */
const qrCache = new Map<string, { size: number; dark: Uint8Array }>();
const qrCacheMax = 500;

function qrMatrix(data: string): { size: number; dark: Uint8Array } {
  let matrix = qrCache.get(data);
  if (matrix === undefined) {
    const qr = QRCode.create(data, { errorCorrectionLevel: 'M' });
    matrix = { size: qr.modules.size, dark: Uint8Array.from(qr.modules.data) };
    if (qrCache.size >= qrCacheMax) qrCache.delete(qrCache.keys().next().value as string);
    qrCache.set(data, matrix);
  }
  return matrix;
}

/** The QR drawn as vector squares (sharp at any scale, and no PNG to decode per document). */
function drawQr(doc: PDFKit.PDFDocument, data: string, x: number, y: number, side: number): void {
  const { size, dark } = qrMatrix(data);
  const quiet = 4;
  const module = side / (size + 2 * quiet);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) if (dark[row * size + col] === 1) doc.rect(x + (col + quiet) * module, y + (row + quiet) * module, module, module);
  }
  doc.fill('black');
}

function draw(doc: PDFKit.PDFDocument, blocks: readonly LayoutBlock[], format: PdfFormat): number {
  const size = sizes[format];
  const left = margins[format];
  const width = widths[format] - 2 * left;
  const ticket = format !== 'a4';
  doc.font('body').fontSize(size.body);
  for (const block of blocks) {
    switch (block.type) {
      case 'title':
        doc.font('bold').fontSize(size.title).text(block.text, left, doc.y, { width, align: ticket ? 'center' : 'left' }).moveDown(0.3);
        doc.font('body').fontSize(size.body);
        break;
      case 'text':
        doc.font(block.bold === true ? 'bold' : 'body').fontSize(size.body).text(block.text, left, doc.y, { width, align: ticket ? 'center' : 'left' });
        doc.font('body');
        break;
      case 'pairs':
        for (const [key, value] of block.pairs) doc.fontSize(size.body).text(`${key} : ${value}`, left, doc.y, { width });
        doc.moveDown(0.3);
        break;
      case 'lines': {
        // A4: four columns. Tickets: the label on its own line, then quantity × price = amount.
        if (!ticket) {
          const cols = [width * 0.46, width * 0.1, width * 0.2, width * 0.24];
          const row = (cells: readonly string[], font: string) => {
            const y = doc.y;
            let x = left;
            let bottom = y;
            cells.forEach((cell, i) => {
              doc.font(font).text(cell, x, y, { width: (cols[i] ?? 0) - 4, align: i === 0 ? 'left' : 'right' });
              bottom = Math.max(bottom, doc.y);
              x += cols[i] ?? 0;
            });
            doc.y = bottom + 2;
          };
          row(block.header, 'bold');
          for (const r of block.rows) row(r, 'body');
        } else {
          for (const [label, qty, unit, amount] of block.rows) {
            doc.font('body').text(label, left, doc.y, { width });
            doc.text(`${qty} x ${unit}`, left, doc.y, { width, continued: false });
            doc.moveUp().text(amount, left, doc.y, { width, align: 'right' });
          }
        }
        doc.moveDown(0.3);
        break;
      }
      case 'totals':
        for (const [label, value] of block.rows) {
          doc.font('body').fontSize(size.small).text(label, left, doc.y, { width });
          doc.moveUp().text(value, left, doc.y, { width, align: 'right' });
        }
        doc.font('bold').fontSize(size.body + 1).text(block.grand[0], left, doc.y, { width });
        doc.moveUp().text(block.grand[1], left, doc.y, { width, align: 'right' });
        doc.font('body').fontSize(size.body).moveDown(0.3);
        break;
      case 'qr': {
        const x = ticket ? left + (width - size.qr) / 2 : left;
        drawQr(doc, block.data, x, doc.y, size.qr);
        doc.y += size.qr + 2;
        doc.fontSize(size.small).text(block.caption, left, doc.y, { width, align: ticket ? 'center' : 'left' }).fontSize(size.body);
        break;
      }
      case 'rule':
        doc.moveTo(left, doc.y + 2).lineTo(left + width, doc.y + 2).lineWidth(0.5).stroke();
        doc.y += 6;
        break;
    }
  }
  return doc.y;
}

// Windows-1252 beyond Latin-1: what the standard PDF fonts' WinAnsi encoding can also show.
const winAnsiExtras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** True when every character prints with the standard Helvetica (WinAnsi): all French text does. */
export function fitsWinAnsi(blocks: readonly LayoutBlock[]): boolean {
  const texts: string[] = [];
  for (const b of blocks) {
    if (b.type === 'title' || b.type === 'text') texts.push(b.text);
    else if (b.type === 'pairs') for (const [k, v] of b.pairs) texts.push(k, v);
    else if (b.type === 'lines') texts.push(...b.header, ...b.rows.flat());
    else if (b.type === 'totals') texts.push(...b.rows.flat(), ...b.grand);
    else if (b.type === 'qr') texts.push(b.caption);
  }
  for (const text of texts) {
    for (const char of text) {
      const code = char.codePointAt(0) ?? 0;
      if (!((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.has(char))) return false;
    }
  }
  return true;
}

/**
 * Fonts: the standard Helvetica when the text fits WinAnsi (every French invoice: accents,
 * €, « », ’, œ), which needs no embedding and renders in a third of the time; DejaVu Sans,
 * parsed once and subset-embedded, for anything else (names in other scripts), so nothing
 * ever prints as a wrong glyph.
 */
function render(blocks: readonly LayoutBlock[], format: PdfFormat, height: number): Promise<{ pdf: Buffer; endY: number }> {
  if (fitsWinAnsi(blocks)) return renderWith(blocks, format, height, 'Helvetica', 'Helvetica-Bold');
  const { regular, bold } = loadFonts();
  return renderWith(blocks, format, height, regular, bold);
}

function renderWith(blocks: readonly LayoutBlock[], format: PdfFormat, height: number, regular: ParsedFont | string, bold: ParsedFont | string): Promise<{ pdf: Buffer; endY: number }> {
  // The initial font is the parsed DejaVu (unused unless drawn): with a standard font name
  // here pdfkit re-reads and parses that font's metrics file for every document.
  const doc = new PDFDocument({ size: [widths[format], height], margin: margins[format], info: { Title: 'Facture', Producer: 'ISMAIL' }, font: loadFonts().regular as unknown as string });
  // pdfkit takes a parsed fontkit font as well as bytes (it subsets per document either way).
  doc.registerFont('body', regular as unknown as Buffer);
  doc.registerFont('bold', bold as unknown as Buffer);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const endY = draw(doc, blocks, format);
  doc.end();
  return done.then((pdf) => ({ pdf, endY }));
}

export async function invoicePdf(layout: readonly LayoutBlock[], format: PdfFormat): Promise<Buffer> {
  // Stored text with control characters is drawn by the shared display rule: pdfkit would
  // draw boxes for them, and they would switch the whole document to the embedded font.
  const blocks = displayBlocks(layout);
  if (format === 'a4') return (await render(blocks, format, 841.89)).pdf;
  const measured = await render(blocks, format, 20_000);
  return (await render(blocks, format, Math.ceil(measured.endY + margins[format] * 2))).pdf;
}
