// Proves the card's PNG and PDF exports carry a QR that a standard reader (jsQR) decodes to the exact JWS, French text
// that extracts intact, ID-1 and A4 page sizes, and the KYC photo.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../../../../tools/test-support/system-tools.js';
import { type CardFace, cardHeightMm, cardLayout, cardWidthMm, pointsPerMm } from './card-face.js';
import { renderCardPdf, winAnsiSafe } from './pdf.js';
import { cardPngHeightPx, cardPngPixelsPerMm, cardPngWidthPx, renderCardPng } from './png.js';
import { renderQrPng } from './qr.js';

const run = promisify(execFile);
const toolOptions = { timeout: 20_000, maxBuffer: 64 * 1024 * 1024 };

// Poppler (pdftoppm, pdftotext) and qpdf are Debian packages that `npm test` installs: a test
// that needs one and does not find it fails naming the package (requireTool), never skips.

/** A compact-JWS-shaped string of exactly `totalChars`: base64url header, payload and ES256 signature. */
function jwsLike(totalChars: number): string {
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'card-2026-11', typ: 'ismail-card+jwt' })).toString(
    'base64url',
  );
  const signature = createHash('sha512').update('signature').digest('base64url');
  const claims = {
    v: 1,
    typ: 'card',
    cid: '0b7f4e8a-2c1d-4f6e-9a3b-5d8c7e6f1a2b',
    sub: 'CI261124-7K3M-CL',
    gn: 'Koffi',
    fn: 'N’Guessan',
    role: 'partner',
    st: 'active',
  };
  const payload = Buffer.from(JSON.stringify({ ...claims, pad: 'x'.repeat(totalChars) })).toString('base64url');
  return `${header}.${payload.slice(0, totalChars - header.length - signature.length - 2)}.${signature}`;
}

const face: CardFace = {
  ismailId: 'CI261124-7K3M-CL',
  firstName: 'Koffi',
  lastName: 'N’Guessan',
  roleLabel: "Chef d'Agence",
  status: 'verified',
  issuedOn: '2026-11-24',
  expiresOn: '2031-11-23',
  qrText: jwsLike(500),
};

function readPng(png: Buffer): PNG {
  return PNG.sync.read(png);
}

function decodeQr(image: PNG): string | undefined {
  return jsQR.default(
    new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
    image.width,
    image.height,
  )?.data;
}

function pixelAt(image: PNG, xPx: number, yPx: number): [number, number, number] {
  const offset = (Math.round(yPx) * image.width + Math.round(xPx)) * 4;
  return [image.data[offset] ?? -1, image.data[offset + 1] ?? -1, image.data[offset + 2] ?? -1];
}

/** A solid-colour PNG, as a KYC photo would arrive. */
function solidPng(widthPx: number, heightPx: number, [red, green, blue]: [number, number, number]): Buffer {
  const image = new PNG({ width: widthPx, height: heightPx });
  for (let offset = 0; offset < image.data.length; offset += 4) image.data.set([red, green, blue, 255], offset);
  return PNG.sync.write(image);
}

const photoColour: [number, number, number] = [200, 30, 120];
const photoCentreMm = {
  xMm: cardLayout.photo.xMm + cardLayout.photo.widthMm / 2,
  yMm: cardLayout.photo.yMm + cardLayout.photo.heightMm / 2,
};

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ismail-card-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function writePdf(name: string, pdf: Buffer): Promise<string> {
  const path = join(directory, `${name}.pdf`);
  await writeFile(path, pdf);
  return path;
}

/** pdftoppm at 300 dpi; `crop` in pixels at that resolution. */
async function rasterise(
  pdfPath: string,
  crop?: { xPx: number; yPx: number; widthPx: number; heightPx: number },
): Promise<PNG> {
  const cropArguments =
    crop === undefined ? [] : ['-x', crop.xPx, '-y', crop.yPx, '-W', crop.widthPx, '-H', crop.heightPx].map(String);
  const root = `${pdfPath}-raster`;
  await run(
    requireTool('pdftoppm'),
    ['-r', '300', '-png', '-singlefile', ...cropArguments, pdfPath, root],
    toolOptions,
  );
  return readPng(await readFile(`${root}.png`));
}

function mediaBoxPt(pdf: Buffer): number[] {
  const match = /\/MediaBox \[([^\]]+)\]/.exec(pdf.toString('latin1'));
  return (match?.[1] ?? '').trim().split(/\s+/).map(Number);
}

describe('card PNG', () => {
  it('is 600 dpi at ID-1 size and its QR decodes to the exact 500-character JWS', async () => {
    expect(face.qrText).toHaveLength(500);
    const image = readPng(await renderCardPng(face));
    expect([image.width, image.height]).toEqual([cardPngWidthPx, cardPngHeightPx]);
    expect(image.width).toBeGreaterThanOrEqual(1012);
    expect(image.height).toBeGreaterThanOrEqual(638);
    expect(decodeQr(image)).toBe(face.qrText);
  });

  it('draws the photo given as PNG bytes, and an initials placeholder without one', async () => {
    const withPhoto = readPng(await renderCardPng({ ...face, photo: solidPng(60, 80, photoColour) }));
    expect(pixelAt(withPhoto, photoCentreMm.xMm * cardPngPixelsPerMm, photoCentreMm.yMm * cardPngPixelsPerMm)).toEqual(
      photoColour,
    );
    const without = readPng(await renderCardPng(face));
    const cornerPx = (cardLayout.photo.xMm + 1) * cardPngPixelsPerMm;
    expect(pixelAt(without, cornerPx, (cardLayout.photo.yMm + 1) * cardPngPixelsPerMm)).toEqual([0xd9, 0xde, 0xe3]);
  });

  it('renders the QR alone as a PNG that decodes', async () => {
    expect(decodeQr(readPng(await renderQrPng(face.qrText)))).toBe(face.qrText);
  });
});

describe('card PDF', () => {
  it('has ID-1 and A4 page sizes, and the same bytes for the same card', async () => {
    const card = await renderCardPdf(face, 'card');
    const [, , widthPt, heightPt] = mediaBoxPt(card);
    expect(widthPt).toBeCloseTo(242.65, 2);
    expect(heightPt).toBeCloseTo(153.01, 2);
    const [, , a4WidthPt, a4HeightPt] = mediaBoxPt(await renderCardPdf(face, 'a4'));
    expect(a4WidthPt).toBeCloseTo(595.28, 2);
    expect(a4HeightPt).toBeCloseTo(841.89, 2);
    expect(card.toString('latin1')).toContain('Carte professionnelle ISMAIL CI261124-7K3M-CL');
    expect(Buffer.compare(card, await renderCardPdf(face, 'card'))).toBe(0);
  });

  it('keeps WinAnsi characters and replaces the others before PDFKit sees them', () => {
    expect(winAnsiSafe('N’Guessan Koné œuvre 10 €')).toBe('N’Guessan Koné œuvre 10 €');
    expect(winAnsiSafe('Diallo\u202FKoné\u2011Yao Ŋ ǹ 😀')).toBe('Diallo Koné-Yao ? n ?');
  });

  it('QR decodes after rasterising both layouts at 300 dpi, with the photo in place (needs pdftoppm)', async () => {
    const cardPath = await writePdf(
      'card',
      await renderCardPdf({ ...face, photo: solidPng(60, 80, photoColour) }, 'card'),
    );
    const card = await rasterise(cardPath);
    expect(decodeQr(card)).toBe(face.qrText);
    const pixelsPerMm = 300 / 25.4;
    const photoPixel = pixelAt(card, photoCentreMm.xMm * pixelsPerMm, photoCentreMm.yMm * pixelsPerMm);
    photoPixel.forEach((channel, index) =>
      expect(Math.abs(channel - (photoColour[index] ?? 0))).toBeLessThanOrEqual(2),
    );

    // On A4 the card sits centred at real size: decode only that area, as a phone would.
    const pixelsPerPt = 300 / 72;
    const [cardWidthPt, cardHeightPt] = [cardWidthMm * pointsPerMm, cardHeightMm * pointsPerMm];
    const crop = {
      xPx: Math.floor(((595.28 - cardWidthPt) / 2) * pixelsPerPt) - 10,
      yPx: Math.floor(((841.89 - cardHeightPt) / 2) * pixelsPerPt) - 10,
      widthPx: Math.ceil(cardWidthPt * pixelsPerPt) + 20,
      heightPx: Math.ceil(cardHeightPt * pixelsPerPt) + 20,
    };
    expect(decodeQr(await rasterise(await writePdf('a4', await renderCardPdf(face, 'a4')), crop))).toBe(face.qrText);
  });

  it('text extracts intact in French and qpdf finds no error (needs pdftotext and qpdf)', async () => {
    const [pdftotext, qpdf] = [requireTool('pdftotext'), requireTool('qpdf')];
    for (const layout of ['card', 'a4'] as const) {
      const path = await writePdf(`text-${layout}`, await renderCardPdf(face, layout));
      const { stdout: text } = await run(pdftotext, ['-enc', 'UTF-8', path, '-'], toolOptions);
      expect(text).toContain('CI261124-7K3M-CL');
      // "N’Guessan" with U+2019, as written: WinAnsi has ’ at 0x92, PDFKit maps U+2019 there,
      // and poppler maps that glyph (quoteright) back to U+2019, so nothing is flattened to '.
      expect(text).toContain('N’Guessan');
      expect(text).toContain('Vérifié');
      expect(text).toContain('24/11/2026');
      expect(text).toContain('23/11/2031');
      expect(text).not.toContain('\uFFFD');
      if (layout === 'a4') expect(text).toContain('Découpez selon le pointillé');
      const { stdout: check } = await run(qpdf, ['--check', path], toolOptions);
      expect(check).toContain('No syntax or stream encoding errors found');
    }
    const oddPath = await writePdf(
      'odd',
      await renderCardPdf({ ...face, lastName: 'Diallo\u202FKoné', status: 'suspended' }, 'card'),
    );
    const { stdout: odd } = await run(pdftotext, ['-enc', 'UTF-8', oddPath, '-'], toolOptions);
    expect(odd).toContain('Diallo Koné');
    expect(odd).toContain('Suspendu');
  });
});
