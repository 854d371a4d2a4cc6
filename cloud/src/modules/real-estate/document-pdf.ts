/**
 * The real estate documents as PDF (issue 25): the lease contract, rent receipts (quittances) and the deposit's
 * return, drawn with pdfkit from a list of blocks. Fonts as the invoices': DejaVu Sans, read once per process and
 * subset-embedded, so any name prints. The bytes are a function of the blocks and the date given: a fixed
 * CreationDate makes pdfkit's file ID (an MD5 of the info dictionary) repeatable, so the same lease always renders to
 * the same bytes and its SHA-256 can be checked again later. Must never read the clock.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

export type DocBlock =
  | { readonly type: 'title'; readonly text: string }
  | { readonly type: 'heading'; readonly text: string }
  | { readonly type: 'text'; readonly text: string; readonly small?: boolean }
  | { readonly type: 'pairs'; readonly pairs: readonly (readonly [string, string])[] }
  | { readonly type: 'bullets'; readonly items: readonly string[] }
  | { readonly type: 'signatures'; readonly parties: readonly { label: string; name: string; ismailId: string }[] };

type ParsedFont = ReturnType<typeof fontkit.create>;
let fonts: { regular: ParsedFont; bold: ParsedFont } | undefined;
/** Parsed once per process (as invoicing/render/pdf.ts does): parsing DejaVu per document cost most of the time. */
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

const left = 56;
const width = 595.28 - 2 * left;

function draw(doc: PDFKit.PDFDocument, blocks: readonly DocBlock[]): void {
  for (const block of blocks) {
    switch (block.type) {
      case 'title':
        doc.font('bold').fontSize(16).text(block.text, left, doc.y, { width, align: 'center' }).moveDown(0.6);
        break;
      case 'heading':
        doc.moveDown(0.4).font('bold').fontSize(11).text(block.text, left, doc.y, { width }).moveDown(0.2);
        break;
      case 'text':
        doc
          .font('body')
          .fontSize(block.small === true ? 8 : 10)
          .text(block.text, left, doc.y, { width, align: 'justify' })
          .moveDown(0.3);
        break;
      case 'pairs':
        doc.font('body').fontSize(10);
        for (const [label, value] of block.pairs) doc.text(`${label} : ${value}`, left, doc.y, { width });
        doc.moveDown(0.3);
        break;
      case 'bullets':
        doc.font('body').fontSize(10);
        for (const item of block.items) doc.text(`•  ${item}`, left + 8, doc.y, { width: width - 8 });
        doc.moveDown(0.3);
        break;
      case 'signatures': {
        // Side by side boxes; the signatures themselves are recorded beside the document (its hash signed).
        if (doc.y > 841.89 - 200) doc.addPage();
        const top = doc.y + 6;
        const boxWidth = (width - 20) / Math.max(1, block.parties.length);
        block.parties.forEach((party, i) => {
          const x = left + i * (boxWidth + 20);
          doc.rect(x, top, boxWidth, 110).lineWidth(0.5).stroke();
          doc
            .font('bold')
            .fontSize(10)
            .text(party.label, x + 8, top + 8, { width: boxWidth - 16 });
          doc
            .font('body')
            .fontSize(9)
            .text(party.name, x + 8, doc.y + 2, { width: boxWidth - 16 });
          doc.text(`ISMAIL ID : ${party.ismailId}`, x + 8, doc.y, { width: boxWidth - 16 });
          doc.fontSize(8).text('« Lu et approuvé », signé dans le portail ISMAIL', x + 8, top + 88, {
            width: boxWidth - 16,
          });
        });
        doc.y = top + 120;
        break;
      }
    }
  }
}

/** The PDF of `blocks`, dated `issuedAt` (stored with the document: the same input gives the same bytes). */
export function renderDocumentPdf(
  title: string,
  blocks: readonly DocBlock[],
  issuedAt: Date,
  footer: string,
): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: left,
    bufferPages: true,
    info: {
      Title: title,
      Author: 'ISMAIL',
      Creator: 'ISMAIL',
      Producer: 'ISMAIL',
      // Whole seconds: a PDF date has no milliseconds, and the ID is hashed from what is written.
      CreationDate: new Date(Math.floor(issuedAt.getTime() / 1000) * 1000),
    },
    font: regular as unknown as string,
  });
  doc.registerFont('body', regular as unknown as Buffer);
  doc.registerFont('bold', bold as unknown as Buffer);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc, blocks);
  // Page numbers and the reference on every page, written once the page count is known.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Below the bottom margin: without this pdfkit would start a new page for the footer.
    doc.page.margins.bottom = 0;
    doc
      .font('body')
      .fontSize(7)
      .text(`${footer} — page ${String(i + 1)}/${String(range.count)}`, left, 841.89 - 40, {
        width,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}

export const sha256Hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** "05/01/2027" from "2027-01-05". */
export const dayFr = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
