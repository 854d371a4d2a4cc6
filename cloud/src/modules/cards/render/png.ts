/**
 * The professional card as PNG (SPEC 3.3), for card printers and for showing in the app.
 * 600 dpi (2022 × 1275 px): twice the 300 dpi of card printers, and enough pixels for every
 * QR module to be a whole number of pixels (7 px for a 600-character JWS), so the code stays
 * sharp instead of being resampled.
 *
 * Font: DejaVu Sans (every French accent and ’), from the `dejavu-fonts-ttf` npm package
 * so every machine has it; then the same font from the system; Skia's default sans-serif
 * last. `cardPngFont()` says which one was picked.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas, GlobalFonts, loadImage, type SKRSContext2D } from '@napi-rs/canvas';
import type { CardFace } from './card-face.js';
import {
  cardColours,
  cardFontPt,
  cardHeightMm,
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
import { qrMatrix, qrQuietZoneModules } from './qr.js';

export const cardPngDpi = 600;
export const cardPngPixelsPerMm = cardPngDpi / 25.4;
export const cardPngWidthPx = Math.round(cardWidthMm * cardPngPixelsPerMm);
export const cardPngHeightPx = Math.round(cardHeightMm * cardPngPixelsPerMm);
/** Same shrink step as the PDF, so a long name is cut at about the same place in both. */
const fontStepPt = 0.25;
/** Helvetica's ascender: the PDF puts the baseline this far below a line's top; so do we. */
const baselineEm = 0.718;

// The npm package `dejavu-fonts-ttf` first (a dependency, so every machine has it), then
// where Debian/Ubuntu, Fedora/RHEL, Arch and Alpine packages put the same files.
const bundledDejaVu = path.join(
  path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);
const dejaVuDirectories = [
  bundledDejaVu,
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu-sans-fonts',
  '/usr/share/fonts/TTF',
  '/usr/share/fonts/dejavu',
];
const registeredFamily = 'ISMAIL Card Sans';

export interface CardPngFont {
  family: string;
  source: 'bundled-dejavu' | 'system-dejavu' | 'skia-default';
  path?: string;
}

let chosenFont: CardPngFont | undefined;

export function cardPngFont(): CardPngFont {
  if (chosenFont !== undefined) return chosenFont;
  chosenFont = { family: 'sans-serif', source: 'skia-default' };
  for (const directory of dejaVuDirectories) {
    const [regularPath, boldPath] = [`${directory}/DejaVuSans.ttf`, `${directory}/DejaVuSans-Bold.ttf`];
    if (!existsSync(regularPath) || !existsSync(boldPath)) continue;
    if (GlobalFonts.registerFromPath(regularPath, registeredFamily) === null) continue;
    GlobalFonts.registerFromPath(boldPath, registeredFamily);
    chosenFont = {
      family: registeredFamily,
      source: directory === bundledDejaVu ? 'bundled-dejavu' : 'system-dejavu',
      path: regularPath,
    };
    break;
  }
  return chosenFont;
}

type Weight = 'normal' | 'bold';

function setFont(context: SKRSContext2D, weight: Weight, sizeMm: number): void {
  context.font = `${weight} ${String(sizeMm)}px "${cardPngFont().family}"`;
}

/** Draws one line with its top at `yMm`, shrunk then cut with "…" to fit `widthMm`. */
function line(
  context: SKRSContext2D,
  text: string,
  weight: Weight,
  sizePt: number,
  colour: string,
  xMm: number,
  yMm: number,
  widthMm: number,
): void {
  const draw = (fitted: string, sizeMm: number): void => {
    context.fillStyle = colour;
    context.fillText(fitted, xMm, yMm + baselineEm * sizeMm);
  };
  for (let pt = sizePt; pt >= cardFontPt.minimum; pt -= fontStepPt) {
    setFont(context, weight, pt / pointsPerMm);
    if (context.measureText(text).width <= widthMm) return draw(text, pt / pointsPerMm);
  }
  const sizeMm = cardFontPt.minimum / pointsPerMm;
  setFont(context, weight, sizeMm);
  const characters = [...text];
  while (characters.length > 1 && context.measureText(`${characters.join('')}…`).width > widthMm) characters.pop();
  draw(`${characters.join('').trimEnd()}…`, sizeMm);
}

async function drawPhoto(context: SKRSContext2D, face: CardFace): Promise<void> {
  const { xMm, yMm, widthMm, heightMm } = cardLayout.photo;
  if (face.photo === undefined) {
    context.fillStyle = cardColours.placeholder;
    context.fillRect(xMm, yMm, widthMm, heightMm);
    setFont(context, 'bold', cardFontPt.initials / pointsPerMm);
    context.fillStyle = cardColours.placeholderText;
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillText(initials(face.firstName, face.lastName), xMm + widthMm / 2, yMm + heightMm / 2);
    context.textAlign = 'left';
    context.textBaseline = 'alphabetic';
    return;
  }
  const image = await loadImage(Buffer.from(face.photo));
  // Cover: scale to fill the box, crop the overflow evenly on both sides.
  const scale = Math.max(widthMm / image.width, heightMm / image.height);
  const [sourceWidth, sourceHeight] = [widthMm / scale, heightMm / scale];
  context.drawImage(
    image,
    (image.width - sourceWidth) / 2,
    (image.height - sourceHeight) / 2,
    sourceWidth,
    sourceHeight,
    xMm,
    yMm,
    widthMm,
    heightMm,
  );
}

/** In device pixels, whole pixels per module, centred in the QR box: no resampling blur. */
function drawQr(context: SKRSContext2D, text: string): void {
  const { xMm, yMm, sizeMm } = cardLayout.qr;
  const matrix = qrMatrix(text);
  const boxPx = Math.floor(sizeMm * cardPngPixelsPerMm);
  const totalModules = matrix.sizeModules + 2 * qrQuietZoneModules;
  const modulePx = Math.max(1, Math.floor(boxPx / totalModules));
  const leftPx = Math.round(xMm * cardPngPixelsPerMm) + Math.floor((boxPx - modulePx * totalModules) / 2);
  const topPx = Math.round(yMm * cardPngPixelsPerMm) + Math.floor((boxPx - modulePx * totalModules) / 2);
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.fillStyle = '#FFFFFF';
  context.fillRect(leftPx, topPx, modulePx * totalModules, modulePx * totalModules);
  context.fillStyle = '#000000';
  for (let row = 0; row < matrix.sizeModules; row++) {
    for (let column = 0; column < matrix.sizeModules; column++) {
      if (matrix.dark[row * matrix.sizeModules + column] !== 1) continue;
      const [x, y] = [leftPx + (column + qrQuietZoneModules) * modulePx, topPx + (row + qrQuietZoneModules) * modulePx];
      context.fillRect(x, y, modulePx, modulePx);
    }
  }
}

export async function renderCardPng(face: CardFace): Promise<Buffer> {
  validateCardFace(face);
  const { header, text, footer } = cardLayout;
  const canvas = createCanvas(cardPngWidthPx, cardPngHeightPx);
  const context = canvas.getContext('2d');
  // Everything but the QR is drawn in millimetres, like the PDF.
  context.scale(cardPngPixelsPerMm, cardPngPixelsPerMm);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.textBaseline = 'alphabetic';
  context.fillStyle = cardColours.background;
  context.fillRect(0, 0, cardWidthMm, cardHeightMm);
  context.fillStyle = cardColours.header;
  context.fillRect(0, 0, cardWidthMm, header.heightMm);
  context.fillStyle = cardColours.accent;
  context.fillRect(0, header.heightMm, cardWidthMm, 0.8);
  line(context, 'ISMAIL', 'bold', cardFontPt.brand, cardColours.background, header.textLeftMm, 2.6, 30);
  setFont(context, 'bold', cardFontPt.title / pointsPerMm);
  line(
    context,
    headerTitle,
    'bold',
    cardFontPt.title,
    cardColours.background,
    header.textRightMm - context.measureText(headerTitle).width,
    3.6,
    50,
  );

  await drawPhoto(context, face);
  line(context, face.firstName, 'bold', cardFontPt.name, cardColours.text, text.xMm, text.firstNameYMm, text.widthMm);
  line(context, face.lastName, 'bold', cardFontPt.name, cardColours.text, text.xMm, text.lastNameYMm, text.widthMm);
  line(context, face.roleLabel, 'normal', cardFontPt.role, cardColours.text, text.xMm, text.roleYMm, text.widthMm);
  line(
    context,
    statusLabelFr(face.status),
    'bold',
    cardFontPt.status,
    cardColours.status[face.status],
    text.xMm,
    text.statusYMm,
    text.widthMm,
  );

  line(
    context,
    'ISMAIL ID',
    'normal',
    cardFontPt.label,
    cardColours.muted,
    footer.xMm,
    footer.labelYMm,
    footer.widthMm,
  );
  line(context, face.ismailId, 'bold', cardFontPt.id, cardColours.text, footer.xMm, footer.idYMm, footer.widthMm);
  line(
    context,
    `${issuedLabel} ${formatDateFr(face.issuedOn)}`,
    'normal',
    cardFontPt.date,
    cardColours.text,
    footer.xMm,
    footer.issuedYMm,
    footer.widthMm,
  );
  line(
    context,
    `${expiresLabel} ${formatDateFr(face.expiresOn)}`,
    'normal',
    cardFontPt.date,
    cardColours.text,
    footer.xMm,
    footer.expiresYMm,
    footer.widthMm,
  );

  drawQr(context, face.qrText);
  return canvas.encode('png', { resolution: cardPngDpi, title: `Carte professionnelle ISMAIL ${face.ismailId}` });
}
