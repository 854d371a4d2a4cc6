// Proves the card's input is refused with a clear RangeError when out of bounds, and that its French labels, dates and
// initials read as printed.
import { describe, expect, it } from 'vitest';
import { type CardFace, formatDateFr, initials, statusLabelFr, validateCardFace } from './card-face.js';

const face: CardFace = {
  ismailId: 'CI261124-7K3M-CL',
  firstName: 'Koffi',
  lastName: 'N’Guessan',
  roleLabel: "Chef d'Agence",
  status: 'active',
  issuedOn: '2026-11-24',
  expiresOn: '2031-11-23',
  qrText: 'eyJhbGciOiJFUzI1NiJ9.eyJ2IjoxfQ.c2lnbmF0dXJl',
};

/** A PNG signature and IHDR claiming the given size; enough for the size check. */
function pngHeader(widthPx: number, heightPx: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, widthPx);
  view.setUint32(20, heightPx);
  return bytes;
}

describe('card face labels', () => {
  it('names every status in French', () => {
    expect(statusLabelFr('active')).toBe('Actif');
    expect(statusLabelFr('suspended')).toBe('Suspendu');
    expect(statusLabelFr('verified')).toBe('Vérifié');
    expect(statusLabelFr('pending')).toBe('En attente');
  });

  it('formats ISO dates as DD/MM/YYYY', () => {
    expect(formatDateFr('2026-11-24')).toBe('24/11/2026');
    expect(formatDateFr('2031-01-05')).toBe('05/01/2031');
  });

  it('takes the first letter of each name, accents kept, apostrophes skipped', () => {
    expect(initials('Koffi', 'N’Guessan')).toBe('KN');
    expect(initials('Awa', 'Koné')).toBe('AK');
    expect(initials('élodie', '’Ouattara')).toBe('ÉO');
    expect(initials('E\u0301mile', 'Diallo')).toBe('ÉD');
  });
});

describe('validateCardFace', () => {
  it('accepts a realistic card', () => {
    expect(() => validateCardFace(face)).not.toThrow();
    expect(() =>
      validateCardFace({
        ...face,
        firstName: 'Aminata',
        lastName: 'Diallo',
        status: 'pending',
        photo: pngHeader(300, 400),
      }),
    ).not.toThrow();
  });

  it.each([
    ['a bell in the first name', { firstName: 'Ko\u0007ffi' }, /firstName must not contain control characters/],
    ['a newline in the role', { roleLabel: 'Partenaire\nAdmin' }, /roleLabel must not contain control characters/],
    [
      'a right-to-left override in the last name',
      { lastName: 'Koné\u202Eevil' },
      /lastName must not contain control characters/,
    ],
    ['a blank last name', { lastName: '   ' }, /lastName must not be empty/],
    [
      'a 101-character first name',
      { firstName: 'a'.repeat(101) },
      /firstName must be at most 100 characters \(got 101\)/,
    ],
    ['a 2001-character QR text', { qrText: 'a'.repeat(2001) }, /qrText must be at most 2000 characters \(got 2001\)/],
    ['a QR text with a space', { qrText: 'eyJ hbGc' }, /qrText must be non-empty printable ASCII/],
    ['an empty QR text', { qrText: '' }, /qrText must be non-empty printable ASCII/],
    ['30 February', { issuedOn: '2026-02-30' }, /issuedOn must be a calendar date YYYY-MM-DD/],
    ['a French-format date', { expiresOn: '23/11/2031' }, /expiresOn must be a calendar date YYYY-MM-DD/],
    ['a year out of range', { expiresOn: '2231-11-23' }, /expiresOn must be a calendar date/],
    [
      'an expiry before the issue',
      { expiresOn: '2026-11-23' },
      /expiresOn \(2026-11-23\) must be after issuedOn \(2026-11-24\)/,
    ],
    ['a malformed ISMAIL ID', { ismailId: 'ci261124-7k3m-cl' }, /ismailId must be an ISMAIL ID/],
    ['an ISMAIL ID with a look-alike letter', { ismailId: 'CI261124-7KOM-CL' }, /ismailId must be an ISMAIL ID/],
    [
      'an unknown status',
      { status: 'revoked' as CardFace['status'] },
      /status must be one of active, suspended, verified, pending/,
    ],
    [
      'a photo that is not PNG or JPEG',
      { photo: new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]) },
      /photo must be PNG or JPEG bytes/,
    ],
    [
      'a photo of 5000 pixels',
      { photo: pngHeader(5000, 10) },
      /photo must be 1 to 4000 pixels on each side \(got 5000×10\)/,
    ],
  ] satisfies [string, Partial<CardFace>, RegExp][])('refuses %s', (_name, change, message) => {
    expect(() => validateCardFace({ ...face, ...change })).toThrow(RangeError);
    expect(() => validateCardFace({ ...face, ...change })).toThrow(message);
  });
});
