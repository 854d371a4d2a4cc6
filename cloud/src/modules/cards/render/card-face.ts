/**
 * What the professional card ("Carte Pro", SPEC 3.3) shows, checked once before any drawing,
 * and the one geometry both renderers (PDF and PNG) follow so the two exports look the same.
 *
 * Owns: the input shape, its bounds, the French labels and the layout in millimetres.
 * Never does I/O and never draws: the renderers do, from these values only.
 */

import { ismailIdPattern, type CardStatus } from '@ismail/shared';

export type CardStatusKey = CardStatus;

export interface CardFace {
  /** 16 characters, e.g. `CI261124-7K3M-CL`. */
  ismailId: string;
  firstName: string;
  lastName: string;
  /** Already in French, e.g. "Partenaire", "Chef d'Agence". */
  roleLabel: string;
  status: CardStatusKey;
  /** ISO dates, YYYY-MM-DD. */
  issuedOn: string;
  expiresOn: string;
  /** KYC photo, PNG or JPEG bytes; absent means an initials placeholder. */
  photo?: Uint8Array;
  /** The compact JWS the QR carries (printable ASCII). */
  qrText: string;
}

/** Matches the credential's own bound: a QR at level M holds at most ~2300 bytes (version 40). */
export const qrTextMaxChars = 2000;
export const nameMaxChars = 100;
export const roleLabelMaxChars = 60;
/** A KYC portrait is a few hundred kB; more is not a portrait and costs memory to decode. */
export const photoMaxBytes = 4 * 1024 * 1024;
/** Bounds the decoded bitmap (4000 × 4000 × 4 bytes = 64 MB), whatever the compressed size. */
export const photoMaxSidePx = 4000;
/** Cards are issued from 2026 and last a few years; anything outside is a data error. */
const yearMin = 2000;
const yearMax = 2199;

const statusLabels = {
  active: 'Actif',
  suspended: 'Suspendu',
  verified: 'Vérifié',
  pending: 'En attente',
} as const satisfies Record<CardStatusKey, string>;

export function statusLabelFr(status: CardStatusKey): string {
  return statusLabels[status];
}

/** `2026-11-24` → `24/11/2026`; expects a date that `validateCardFace` accepted. */
export function formatDateFr(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day ?? '??'}/${month ?? '??'}/${year ?? '????'}`;
}

/** First letter of the first name and of the last name, e.g. "Koffi N’Guessan" → "KN". */
export function initials(firstName: string, lastName: string): string {
  const first = (name: string): string => {
    const letter = /\p{L}/u.exec(name.normalize('NFC'));
    return letter === null ? '' : letter[0].toLocaleUpperCase('fr');
  };
  return `${first(firstName)}${first(lastName)}` || '?';
}

// C0/C1 controls, line and paragraph separators, and bidi overrides/isolates: a name carrying
// U+202E could display reversed on the card while the QR says something else.
const forbiddenCharacters = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
const printableAscii = /^[\x21-\x7E]+$/;
const ismailIdShape = ismailIdPattern;
const isoDateShape = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkText(field: string, value: string, maxChars: number): void {
  if (value.trim() === '') throw new RangeError(`${field} must not be empty`);
  if (value.length > maxChars)
    throw new RangeError(`${field} must be at most ${String(maxChars)} characters (got ${String(value.length)})`);
  if (forbiddenCharacters.test(value)) throw new RangeError(`${field} must not contain control characters`);
}

function isoDayNumber(field: string, value: string): number {
  const match = isoDateShape.exec(value);
  const [year, month, day] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  if (
    match === null ||
    year < yearMin ||
    year > yearMax ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    throw new RangeError(
      `${field} must be a calendar date YYYY-MM-DD between ${String(yearMin)} and ${String(yearMax)} (got ${JSON.stringify(value.slice(0, 20))})`,
    );
  }
  return time;
}

/** PNG stores its size in the IHDR chunk at bytes 16–23; JPEG is bounded by its byte size only. */
function checkPhoto(photo: Uint8Array): void {
  if (photo.length > photoMaxBytes)
    throw new RangeError(`photo must be at most ${String(photoMaxBytes)} bytes (got ${String(photo.length)})`);
  const isPng = photo.length >= 24 && photo[0] === 0x89 && photo[1] === 0x50 && photo[2] === 0x4e && photo[3] === 0x47;
  const isJpeg = photo.length >= 4 && photo[0] === 0xff && photo[1] === 0xd8 && photo[2] === 0xff;
  if (!isPng && !isJpeg) throw new RangeError('photo must be PNG or JPEG bytes');
  if (isPng) {
    const view = new DataView(photo.buffer, photo.byteOffset, photo.byteLength);
    const [widthPx, heightPx] = [view.getUint32(16), view.getUint32(20)];
    if (widthPx < 1 || heightPx < 1 || widthPx > photoMaxSidePx || heightPx > photoMaxSidePx) {
      throw new RangeError(
        `photo must be 1 to ${String(photoMaxSidePx)} pixels on each side (got ${String(widthPx)}×${String(heightPx)})`,
      );
    }
  }
}

/** Throws a RangeError naming the first field that is out of bounds. */
export function validateCardFace(face: CardFace): void {
  if (!ismailIdShape.test(face.ismailId))
    throw new RangeError(
      `ismailId must be an ISMAIL ID like CI261124-7K3M-CL (got ${JSON.stringify(face.ismailId.slice(0, 40))})`,
    );
  checkText('firstName', face.firstName, nameMaxChars);
  checkText('lastName', face.lastName, nameMaxChars);
  checkText('roleLabel', face.roleLabel, roleLabelMaxChars);
  if (!Object.hasOwn(statusLabels, face.status))
    throw new RangeError(`status must be one of ${Object.keys(statusLabels).join(', ')}`);
  if (face.qrText.length > qrTextMaxChars)
    throw new RangeError(
      `qrText must be at most ${String(qrTextMaxChars)} characters (got ${String(face.qrText.length)})`,
    );
  if (!printableAscii.test(face.qrText))
    throw new RangeError('qrText must be non-empty printable ASCII (a compact JWS)');
  const issuedDay = isoDayNumber('issuedOn', face.issuedOn);
  const expiresDay = isoDayNumber('expiresOn', face.expiresOn);
  if (expiresDay <= issuedDay)
    throw new RangeError(`expiresOn (${face.expiresOn}) must be after issuedOn (${face.issuedOn})`);
  if (face.photo !== undefined) checkPhoto(face.photo);
}

/** ID-1 (ISO/IEC 7810), the bank-card size card printers take. */
export const cardWidthMm = 85.6;
export const cardHeightMm = 53.98;
export const cardCornerRadiusMm = 3.18;
export const pointsPerMm = 72 / 25.4;

/** Boxes in millimetres from the card's top-left corner. */
export const cardLayout = {
  header: { heightMm: 9, textLeftMm: 4, textRightMm: cardWidthMm - 4 },
  photo: { xMm: 4, yMm: 12, widthMm: 18, heightMm: 23 },
  // 30 mm keeps a 101-module code (a 600-character JWS, version 19-M) at 0.3 mm per module:
  // 3.5 dots per module on a 300 dpi card printer, well above the 22 mm minimum asked for.
  qr: { xMm: cardWidthMm - 3 - 30, yMm: 11.5, sizeMm: 30 },
  text: {
    xMm: 25,
    widthMm: cardWidthMm - 3 - 30 - 1.5 - 25,
    firstNameYMm: 12.5,
    lastNameYMm: 16.5,
    roleYMm: 22,
    statusYMm: 26.5,
  },
  footer: {
    xMm: 4,
    widthMm: cardWidthMm - 3 - 30 - 1.5 - 4,
    labelYMm: 37.5,
    idYMm: 40.2,
    issuedYMm: 45.6,
    expiresYMm: 49,
  },
} as const;

/** Font sizes in points (1 pt = 1/72 inch), the same in both renderers. */
export const cardFontPt = {
  brand: 11,
  title: 5.5,
  name: 8,
  role: 6.5,
  status: 6.5,
  label: 5,
  id: 9,
  date: 5.5,
  initials: 20,
  minimum: 4.5,
} as const;

export const cardColours = {
  header: '#12355B',
  accent: '#F28C28',
  text: '#1A1A1A',
  muted: '#5C6770',
  background: '#FFFFFF',
  placeholder: '#D9DEE3',
  placeholderText: '#5C6770',
  status: { active: '#1E7B34', verified: '#1657A3', pending: '#B26A00', suspended: '#B3261E' },
} as const satisfies { status: Record<CardStatusKey, string> } & Record<string, unknown>;

export const headerTitle = 'CARTE PROFESSIONNELLE';
export const issuedLabel = 'Délivrée le';
export const expiresLabel = 'Expire le';
