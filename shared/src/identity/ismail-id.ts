/**
 * ISMAIL ID (SPEC 3.2): `CCYYMMDD-XXXX-UL`, 16 characters.
 *   CC     ISO 3166-1 alpha-2 country      YYMMDD  creation date (in the country's time zone)
 *   XXXX   4 random characters             UL      user type: CL client, PT partner,
 *                                                  CM sales (commercial), AD admin
 *
 * The random part uses Crockford's base32 alphabet (no I, L, O, U), so an ID read aloud or
 * typed at a desk is not misread, and typed look-alikes map back: O→0, I/L→1. Capacity is
 * 32^4 = 1,048,576 IDs per country, day and user type; the cloud's allocator enforces it.
 *
 * Pure: randomness comes in as bytes from the caller's CSPRNG.
 */
import type { ProfileKey } from './profiles.js';

export const ismailIdUserTypes = ['CL', 'PT', 'CM', 'AD'] as const;
export type IsmailIdUserType = (typeof ismailIdUserTypes)[number];

/** Crockford base32: 10 digits + 22 letters without I, L, O, U. */
export const ismailIdAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ismailIdRandomLength = 4;
/** IDs available per country, day and user type. */
export const ismailIdCapacityPerDay = ismailIdAlphabet.length ** ismailIdRandomLength;
/** Random bytes needed for one random part: 4 × 5 bits = 20 bits → 3 bytes. */
export const ismailIdRandomBytes = 3;

export const ismailIdPattern = /^[A-Z]{2}\d{6}-[0-9A-HJKMNP-TV-Z]{4}-(CL|PT|CM|AD)$/;

export function userTypeForProfile(profile: ProfileKey): IsmailIdUserType {
  switch (profile) {
    case 'client':
      return 'CL';
    case 'partner':
      return 'PT';
    case 'agency_chief':
    case 'sales_rep':
      return 'CM';
    case 'hyper_admin':
    case 'super_admin':
    case 'admin':
      return 'AD';
  }
}

/** The random part for an index in [0, capacity): used by the allocator's fallback scan. */
export function randomPartFromIndex(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= ismailIdCapacityPerDay) {
    throw new RangeError(
      `ISMAIL ID index must be an integer in [0, ${String(ismailIdCapacityPerDay)}), got ${String(index)}`,
    );
  }
  let part = '';
  let rest = index;
  for (let i = 0; i < ismailIdRandomLength; i++) {
    part = (ismailIdAlphabet[rest % 32] ?? '') + part;
    rest = Math.floor(rest / 32);
  }
  return part;
}

/** The index of a random part (inverse of randomPartFromIndex). */
export function indexOfRandomPart(part: string): number {
  let index = 0;
  for (const char of part) {
    const value = ismailIdAlphabet.indexOf(char);
    if (value < 0) throw new RangeError(`"${char}" is not in the ISMAIL ID alphabet`);
    index = index * 32 + value;
  }
  return index;
}

/** 20 uniformly random bits from 3 CSPRNG bytes → an index (32^4 = 2^20, so no bias). */
export function indexFromRandomBytes(bytes: Uint8Array): number {
  if (bytes.length < ismailIdRandomBytes) throw new RangeError(`need ${String(ismailIdRandomBytes)} random bytes`);
  return (((bytes[0] ?? 0) << 12) | ((bytes[1] ?? 0) << 4) | ((bytes[2] ?? 0) >> 4)) & 0xfffff;
}

export interface IsmailIdParts {
  readonly country: string;
  /** YYMMDD */
  readonly date: string;
  readonly random: string;
  readonly userType: IsmailIdUserType;
}

/** The prefix shared by every ID of one country, day and type: the unit of capacity. */
export function ismailIdSeries(parts: Omit<IsmailIdParts, 'random'>): string {
  return `${parts.country}${parts.date}-${parts.userType}`;
}

export function formatIsmailId(parts: IsmailIdParts): string {
  const id = `${parts.country}${parts.date}-${parts.random}-${parts.userType}`;
  // Every caller builds parts from validated pieces; a bad one here is a programmer error.
  if (!ismailIdPattern.test(id) || !validDate(parts.date)) throw new RangeError(`not a valid ISMAIL ID: ${id}`);
  return id;
}

/** YYMMDD of a calendar day in a time zone (Africa/Abidjan for CI). */
export function ismailIdDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: '2-digit',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}${get('month')}${get('day')}`;
}

function validDate(yymmdd: string): boolean {
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  const year = 2000 + Number(yymmdd.slice(0, 2));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
}

export type ParsedIsmailId = { ok: true; id: string; parts: IsmailIdParts } | { ok: false; problem: string };

const lookAlikes: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

/**
 * Normalises an ID as typed at a desk or read from a scan: any case, spaces, dots or
 * dashes anywhere, and O/0, I/L/1 confusions in the digit and random positions. Letters
 * of the country and type codes are left alone (CI contains an I).
 */
export function parseIsmailId(typed: string): ParsedIsmailId {
  if (typed.length > 64) return { ok: false, problem: 'too long to be an ISMAIL ID' };
  const compact = typed.toUpperCase().replace(/[\s._\-/]/g, '');
  if (compact.length !== 14) return { ok: false, problem: 'an ISMAIL ID has 14 letters and digits (CCYYMMDD-XXXX-UL)' };
  const fix = (segment: string): string => segment.replace(/[OIL]/g, (c) => lookAlikes[c] ?? c);
  const country = compact.slice(0, 2);
  const date = fix(compact.slice(2, 8));
  const random = fix(compact.slice(8, 12));
  const userType = compact.slice(12, 14);
  if (!/^[A-Z]{2}$/.test(country)) return { ok: false, problem: 'the ID must start with a two-letter country code' };
  if (!/^\d{6}$/.test(date) || !validDate(date))
    return { ok: false, problem: 'characters 3 to 8 must be a date YYMMDD' };
  if (![...random].every((c) => ismailIdAlphabet.includes(c)))
    return { ok: false, problem: 'the 4 middle characters are not valid (U is never used)' };
  if (!(ismailIdUserTypes as readonly string[]).includes(userType))
    return { ok: false, problem: 'the ID must end with CL, PT, CM or AD' };
  const parts: IsmailIdParts = { country, date, random, userType: userType as IsmailIdUserType };
  return { ok: true, id: formatIsmailId(parts), parts };
}
