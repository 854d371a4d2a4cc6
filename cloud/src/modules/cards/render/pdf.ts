/**
 * The professional card as PDF (SPEC 3.3): at ID-1 size for card printers, or drawn at real
 * size on an A4 page with a dashed cut line for office printers.
 *
 * Text uses PDFKit's standard Helvetica (not embedded, WinAnsi encoding). PDFKit passes any
 * code point above U+00FF that WinAnsi lacks straight into the one-byte string, where it
 * prints as garbage (U+202F would come out as " /"), so every string goes through
 * `winAnsiSafe` first. U+2019 (’) is in WinAnsi at 0x92 and PDFKit maps it, so
 * "N’Guessan" prints and extracts as written.
 */
import PDFDocument from 'pdfkit';
import type { CardFace } from './card-face.js';
import {
  cardColours,
  cardFontPt,
  cardHeightMm,
  cardCornerRadiusMm,
  cardLayout,
  cardWidthMm,
  expiresLabel,
  formatDateFr,
  headerTitle,
  initials,
  issuedLabel,
  pointsPerMm,
  statusLabelFr,
  validateCardFace,
} from './card-face.js';
import { renderQrPng } from './qr.js';

export type CardPdfLayout = 'card' | 'a4';

const a4WidthPt = 595.28;
const a4HeightPt = 841.89;
const regular = 'Helvetica';
const bold = 'Helvetica-Bold';
/** Shrink step when a name is too wide: fine enough to keep long names as large as they fit. */
const fontStepPt = 0.25;

// The 27 code points above U+00FF that WinAnsi (CP1252) has, which PDFKit maps to 0x80–0x9F.
const winAnsiHigh = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c,
  0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);

function isWinAnsi(codePoint: number): boolean {
  return (
    (codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff) || winAnsiHigh.has(codePoint)
  );
}

/**
 * Keeps WinAnsi characters; turns other spaces (U+202F, U+2009…) into a space, other dashes
 * into "-", U+02BC (ʼ, used in some names) into ’, letters with marks WinAnsi lacks into the
 * base letter (Ŋ stays "?", ǹ becomes "n"), and anything else into "?".
 */
export function winAnsiSafe(text: string): string {
  let safe = '';
  for (const character of text.normalize('NFC')) {
    const codePoint = character.codePointAt(0) ?? 0;
    if (isWinAnsi(codePoint)) safe += character;
    else if (/\p{Zs}/u.test(character)) safe += ' ';
    else if (/\p{Pd}/u.test(character) || codePoint === 0x2212) safe += '-';
    else if (codePoint === 0x2bc) safe += '’';
    else {
      const base = character.normalize('NFD').replace(/\p{M}/gu, '');
      safe += base !== '' && [...base].every((c) => isWinAnsi(c.codePointAt(0) ?? 0)) ? base : '?';
    }
  }
  return safe;
}

/** The largest size up to `sizePt` at which `text` fits `widthMm`; below the minimum, cut with "…". */
function fitText(
  doc: PDFKit.PDFDocument,
  text: string,
  font: string,
  sizePt: number,
  widthMm: number,
): { text: string; sizeMm: number } {
  doc.font(font);
  for (let pt = sizePt; pt >= cardFontPt.minimum; pt -= fontStepPt) {
    if (doc.fontSize(pt / pointsPerMm).widthOfString(text) <= widthMm) return { text, sizeMm: pt / pointsPerMm };
  }
  const sizeMm = cardFontPt.minimum / pointsPerMm;
  doc.fontSize(sizeMm);
  const characters = [...text];
  while (characters.length > 1 && doc.widthOfString(`${characters.join('')}…`) > widthMm) characters.pop();
  return { text: `${characters.join('').trimEnd()}…`, sizeMm };
}

function line(
  doc: PDFKit.PDFDocument,
  text: string,
  font: string,
  sizePt: number,
  colour: string,
  xMm: number,
  yMm: number,
  widthMm: number,
): void {
  const fitted = fitText(doc, winAnsiSafe(text), font, sizePt, widthMm);
  doc.font(font).fontSize(fitted.sizeMm).fillColor(colour).text(fitted.text, xMm, yMm, { lineBreak: false });
}

function drawPhoto(doc: PDFKit.PDFDocument, face: CardFace): void {
  const { xMm, yMm, widthMm, heightMm } = cardLayout.photo;
  doc.save().rect(xMm, yMm, widthMm, heightMm).clip();
  if (face.photo === undefined) {
    doc.rect(xMm, yMm, widthMm, heightMm).fill(cardColours.placeholder);
    const letters = winAnsiSafe(initials(face.firstName, face.lastName));
    const sizeMm = cardFontPt.initials / pointsPerMm;
    doc.font(bold).fontSize(sizeMm).fillColor(cardColours.placeholderText);
    doc.text(letters, xMm + (widthMm - doc.widthOfString(letters)) / 2, yMm + heightMm / 2 - sizeMm * 0.4, {
      lineBreak: false,
    });
  } else {
    doc.image(Buffer.from(face.photo), xMm, yMm, { cover: [widthMm, heightMm], align: 'center', valign: 'center' });
  }
  doc.restore();
}

/** Draws the card with its top-left corner at the current origin, in millimetres. */
async function drawCard(doc: PDFKit.PDFDocument, face: CardFace): Promise<void> {
  const { header, qr, text, footer } = cardLayout;
  doc.rect(0, 0, cardWidthMm, cardHeightMm).fill(cardColours.background);
  doc.rect(0, 0, cardWidthMm, header.heightMm).fill(cardColours.header);
  doc.rect(0, header.heightMm, cardWidthMm, 0.8).fill(cardColours.accent);
  line(doc, 'ISMAIL', bold, cardFontPt.brand, cardColours.background, header.textLeftMm, 2.6, 30);
  doc.font(bold).fontSize(cardFontPt.title / pointsPerMm);
  line(
    doc,
    headerTitle,
    bold,
    cardFontPt.title,
    cardColours.background,
    header.textRightMm - doc.widthOfString(headerTitle),
    3.6,
    50,
  );

  drawPhoto(doc, face);
  line(doc, face.firstName, bold, cardFontPt.name, cardColours.text, text.xMm, text.firstNameYMm, text.widthMm);
  line(doc, face.lastName, bold, cardFontPt.name, cardColours.text, text.xMm, text.lastNameYMm, text.widthMm);
  line(doc, face.roleLabel, regular, cardFontPt.role, cardColours.text, text.xMm, text.roleYMm, text.widthMm);
  line(
    doc,
    statusLabelFr(face.status),
    bold,
    cardFontPt.status,
    cardColours.status[face.status],
    text.xMm,
    text.statusYMm,
    text.widthMm,
  );

  line(doc, 'ISMAIL ID', regular, cardFontPt.label, cardColours.muted, footer.xMm, footer.labelYMm, footer.widthMm);
  line(doc, face.ismailId, bold, cardFontPt.id, cardColours.text, footer.xMm, footer.idYMm, footer.widthMm);
  line(
    doc,
    `${issuedLabel} ${formatDateFr(face.issuedOn)}`,
    regular,
    cardFontPt.date,
    cardColours.text,
    footer.xMm,
    footer.issuedYMm,
    footer.widthMm,
  );
  line(
    doc,
    `${expiresLabel} ${formatDateFr(face.expiresOn)}`,
    regular,
    cardFontPt.date,
    cardColours.text,
    footer.xMm,
    footer.expiresYMm,
    footer.widthMm,
  );

  // The PNG carries its own 4-module quiet zone, so it fills the whole QR box.
  doc.image(await renderQrPng(face.qrText), qr.xMm, qr.yMm, { width: qr.sizeMm, height: qr.sizeMm });
}

function drawA4Page(doc: PDFKit.PDFDocument, originXPt: number, originYPt: number): void {
  const cardWidthPt = cardWidthMm * pointsPerMm;
  const cardHeightPt = cardHeightMm * pointsPerMm;
  doc.font(regular).fontSize(10).fillColor(cardColours.text);
  doc.text('Découpez selon le pointillé.', 0, originYPt - 48, { width: a4WidthPt, align: 'center', lineBreak: false });
  doc.fontSize(8).fillColor(cardColours.muted);
  doc.text('Imprimez à 100 % (taille réelle), sans ajustement à la page.', 0, originYPt - 32, {
    width: a4WidthPt,
    align: 'center',
    lineBreak: false,
  });
  doc.save().lineWidth(0.5).strokeColor(cardColours.muted).dash(4, { space: 3 });
  doc.roundedRect(originXPt, originYPt, cardWidthPt, cardHeightPt, cardCornerRadiusMm * pointsPerMm).stroke();
  doc.undash().restore();
}

export async function renderCardPdf(face: CardFace, layout: CardPdfLayout): Promise<Buffer> {
  validateCardFace(face);
  const cardWidthPt = cardWidthMm * pointsPerMm;
  const cardHeightPt = cardHeightMm * pointsPerMm;
  const isCard = layout === 'card';
  const doc = new PDFDocument({
    size: isCard ? [cardWidthPt, cardHeightPt] : [a4WidthPt, a4HeightPt],
    margin: 0,
    compress: true,
    displayTitle: true,
    // A fixed creation date (the issue date) makes the file ID, hence the bytes, repeatable.
    info: {
      Title: `Carte professionnelle ISMAIL ${face.ismailId}`,
      Author: 'ISMAIL',
      Subject: 'Carte professionnelle',
      Creator: 'ISMAIL',
      CreationDate: new Date(`${face.issuedOn}T00:00:00Z`),
    },
  });
  const originXPt = isCard ? 0 : (a4WidthPt - cardWidthPt) / 2;
  const originYPt = isCard ? 0 : (a4HeightPt - cardHeightPt) / 2;
  doc.save().translate(originXPt, originYPt).scale(pointsPerMm);
  // Rounded like the real card, so the A4 cut line and the print agree at the corners.
  doc.roundedRect(0, 0, cardWidthMm, cardHeightMm, cardCornerRadiusMm).clip();
  await drawCard(doc, face);
  doc.restore();
  // After the card, so the dashed line is not hidden under its background.
  if (!isCard) drawA4Page(doc, originXPt, originYPt);
  // Listeners only now: the stream buffers what was drawn, and a failed drawing above leaves
  // no promise behind to reject unobserved.
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.end();
  return finished;
}
