/**
 * Invoice PDF in A4 and as an 80 mm or 58 mm ticket, drawn from the shared layout blocks
 * with pdfkit. Fonts: DejaVu Sans (every French accent, the € and ’), read from disk once
 * per process and embedded (subset) in each PDF. A ticket's page is as long as its content:
 * laid out once on a long page to measure, then drawn at that height. The issuer's logo
 * (PNG or JPEG) heads the document, top right on A4 and centred on a ticket; without one,
 * ISMAIL's mark, drawn as vectors.
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
const sizes: Readonly<Record<PdfFormat, { title: number; body: number; small: number; qr: number; logo: number }>> = {
  a4: { title: 16, body: 10, small: 8, qr: 110, logo: 64 },
  '80mm': { title: 11, body: 8, small: 7, qr: 120, logo: 36 },
  '58mm': { title: 9, body: 7, small: 6, qr: 100, logo: 30 },
};

/**
 * ISMAIL's mark, the counter app's icon (renderer/public/favicon.svg): a blue rounded square
 * with a white I, on a 32-unit grid. Drawn as vectors, so no image file ships for it.
 */
function drawIsmailMark(doc: PDFKit.PDFDocument, x: number, y: number, side: number): void {
  doc
    .save()
    .translate(x, y)
    .scale(side / 32);
  doc.roundedRect(0, 0, 32, 32, 6).fill('#0b5cad');
  doc.path('M10 7h12v4h-4v10h4v4H10v-4h4V11h-4z').fill('#ffffff');
  doc.restore().fillColor('black');
}

/** The issuer's logo fitted in a square, or ISMAIL's mark when it has none or it cannot be read. */
function drawLogo(doc: PDFKit.PDFDocument, logo: Buffer | undefined, x: number, y: number, side: number): void {
  if (logo !== undefined) {
    try {
      doc.image(logo, x, y, { fit: [side, side], align: 'center', valign: 'center' });
      return;
    } catch {
      // Checked by magic bytes on upload but not decoded: a broken image prints the mark instead of failing the
      // invoice.
    }
  }
  drawIsmailMark(doc, x, y, side);
}

type ParsedFont = ReturnType<typeof fontkit.create>;
let fonts: { regular: ParsedFont; bold: ParsedFont } | undefined;
/** Read and parsed once per process: parsing DejaVu (700 kB) per document cost most of the time. */
function loadFonts(): { regular: ParsedFont; bold: ParsedFont } {
  if (fonts === undefined) {
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fonts = {
      regular: fontkit.create(readFileSync(path.join(dir, 'DejaVuSans.ttf'))),
      bold: fontkit.create(readFileSync(path.join(dir, 'DejaVuSans-Bold.ttf'))),
    };
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
    for (let col = 0; col < size; col++)
      if (dark[row * size + col] === 1)
        doc.rect(x + (col + quiet) * module, y + (row + quiet) * module, module, module);
  }
  doc.fill('black');
}

/** A label on the left and its value on the right of the same line (both may wrap; the next line starts below both). */
function labelValue(doc: PDFKit.PDFDocument, label: string, value: string, x: number, width: number): void {
  const y = doc.y;
  doc.text(label, x, y, { width });
  const below = doc.y;
  doc.text(value, x, y, { width, align: 'right' });
  doc.y = Math.max(below, doc.y);
}

function draw(
  doc: PDFKit.PDFDocument,
  blocks: readonly LayoutBlock[],
  format: PdfFormat,
  logo: Buffer | undefined,
): number {
  const size = sizes[format];
  const left = margins[format];
  const fullWidth = widths[format] - 2 * left;
  const ticket = format !== 'a4';
  // A4: the logo sits top right and the seller's identity beside it, narrowed until the first
  // rule; a ticket is too narrow for that, so its logo goes above everything, centred.
  const logoTop = doc.y;
  let width = fullWidth;
  if (ticket) {
    drawLogo(doc, logo, left + (fullWidth - size.logo) / 2, logoTop, size.logo);
    doc.y = logoTop + size.logo + 4;
  } else {
    drawLogo(doc, logo, left + fullWidth - size.logo, logoTop, size.logo);
    width = fullWidth - size.logo - 12;
  }
  doc.font('body').fontSize(size.body);
  for (const block of blocks) {
    if (block.type === 'rule' && width !== fullWidth) {
      width = fullWidth;
      doc.y = Math.max(doc.y, logoTop + size.logo + 4);
    }
    switch (block.type) {
      case 'title':
        doc
          .font('bold')
          .fontSize(size.title)
          .text(block.text, left, doc.y, { width, align: ticket ? 'center' : 'left' })
          .moveDown(0.3);
        doc.font('body').fontSize(size.body);
        break;
      case 'text':
        doc
          .font(block.bold === true ? 'bold' : 'body')
          .fontSize(size.body)
          .text(block.text, left, doc.y, { width, align: ticket ? 'center' : 'left' });
        doc.font('body');
        break;
      case 'pairs':
        for (const [key, value] of block.pairs)
          doc.fontSize(size.body).text(`${key} : ${value}`, left, doc.y, { width });
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
            labelValue(doc, `${qty} x ${unit}`, amount, left, width);
          }
        }
        doc.moveDown(0.3);
        break;
      }
      case 'totals': {
        // A4: the right half, amounts under the lines' amounts (whose cells keep 4 pt of
        // padding); a ticket: across. The tax breakdown is in the body's size: the buyer and
        // the tax office read it.
        const x = ticket ? left : left + width * 0.5;
        const boxWidth = ticket ? width : width * 0.5 - 4;
        doc.font('body').fontSize(size.body);
        for (const [label, value] of block.rows) labelValue(doc, label, value, x, boxWidth);
        doc.font('bold').fontSize(size.body + 1);
        labelValue(doc, block.grand[0], block.grand[1], x, boxWidth);
        doc.font('body').fontSize(size.body).moveDown(0.3);
        break;
      }
      case 'qr': {
        const x = ticket ? left + (width - size.qr) / 2 : left;
        drawQr(doc, block.data, x, doc.y, size.qr);
        doc.y += size.qr + 2;
        doc
          .fontSize(size.small)
          .text(block.caption, left, doc.y, { width, align: ticket ? 'center' : 'left' })
          .fontSize(size.body);
        break;
      }
      case 'rule':
        doc
          .moveTo(left, doc.y + 2)
          .lineTo(left + width, doc.y + 2)
          .lineWidth(0.5)
          .stroke();
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
function render(
  blocks: readonly LayoutBlock[],
  format: PdfFormat,
  height: number,
  logo: Buffer | undefined,
): Promise<{ pdf: Buffer; endY: number }> {
  if (fitsWinAnsi(blocks)) return renderWith(blocks, format, height, logo, 'Helvetica', 'Helvetica-Bold');
  const { regular, bold } = loadFonts();
  return renderWith(blocks, format, height, logo, regular, bold);
}

function renderWith(
  blocks: readonly LayoutBlock[],
  format: PdfFormat,
  height: number,
  logo: Buffer | undefined,
  regular: ParsedFont | string,
  bold: ParsedFont | string,
): Promise<{ pdf: Buffer; endY: number }> {
  // The initial font is the parsed DejaVu (unused unless drawn): with a standard font name
  // here pdfkit re-reads and parses that font's metrics file for every document.
  const doc = new PDFDocument({
    size: [widths[format], height],
    margin: margins[format],
    info: { Title: 'Facture', Producer: 'ISMAIL' },
    font: loadFonts().regular as unknown as string,
  });
  // pdfkit takes a parsed fontkit font as well as bytes (it subsets per document either way).
  doc.registerFont('body', regular as unknown as Buffer);
  doc.registerFont('bold', bold as unknown as Buffer);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const endY = draw(doc, blocks, format, logo);
  doc.end();
  return done.then((pdf) => ({ pdf, endY }));
}

/** `logo`: the issuer's PNG or JPEG; ISMAIL's mark when undefined. */
export async function invoicePdf(layout: readonly LayoutBlock[], format: PdfFormat, logo?: Buffer): Promise<Buffer> {
  // Stored text with control characters is drawn by the shared display rule: pdfkit would
  // draw boxes for them, and they would switch the whole document to the embedded font.
  const blocks = displayBlocks(layout);
  if (format === 'a4') return (await render(blocks, format, 841.89, logo)).pdf;
  const measured = await render(blocks, format, 20_000, logo);
  return (await render(blocks, format, Math.ceil(measured.endY + margins[format] * 2), logo)).pdf;
}
