/** The professional card's renderers (SPEC 3.3): re-exports only. */
export {
  type CardFace,
  type CardStatusKey,
  formatDateFr,
  initials,
  statusLabelFr,
  validateCardFace,
  cardWidthMm,
  cardHeightMm,
  qrTextMaxChars,
} from './card-face.js';
export { renderCardPdf, winAnsiSafe, type CardPdfLayout } from './pdf.js';
export { renderCardPng, cardPngFont, cardPngDpi, type CardPngFont } from './png.js';
export { renderQr, renderQrPng, qrMatrix, type QrMatrix, type RenderedQr } from './qr.js';
