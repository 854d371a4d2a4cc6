/**
 * A listing's form as typed (strings, as the inputs hold them) and the fields sent to the cloud: numbers read as whole
 * FCFA or counts, the phone as +225…, empty optional fields left out. Pure.
 */
import { fcfaOf } from './data.js';
import type { ListingDeal, ListingFields, ListingKind, OwnerListing } from './types.js';

export const kinds: readonly ListingKind[] = ['apartment', 'house', 'villa', 'studio', 'land', 'office', 'shop'];
export const deals: readonly ListingDeal[] = ['rent', 'sale'];
/** Law 2018-575: at most two months of deposit and two of advance. */
export const monthsChoices = [0, 1, 2] as const;

export interface Draft {
  kind: ListingKind;
  deal: ListingDeal;
  title: string;
  description: string;
  commune: string;
  neighbourhood: string;
  areaM2: string;
  rooms: string;
  bedrooms: string;
  bathrooms: string;
  furnished: boolean;
  price: string;
  charges: string;
  depositMonths: number;
  advanceMonths: number;
  contactPhone: string;
  fuzzPosition: boolean;
  videoUrl: string;
  planCode: string;
}

const text = (n: number | null): string => (n === null ? '' : String(n));
/** 215000 as "215 000", as the owner typed it (the form reads spaces back). */
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

export const draftOf = (l: OwnerListing | null, planCode: string): Draft => ({
  kind: kinds.find((k) => k === l?.kind) ?? 'apartment',
  deal: deals.find((d) => d === l?.deal) ?? 'rent',
  title: l?.title ?? '',
  description: l?.description ?? '',
  commune: l?.commune ?? 'Cocody',
  neighbourhood: l?.neighbourhood ?? '',
  areaM2: text(l?.areaM2 ?? null),
  rooms: text(l?.rooms ?? null),
  bedrooms: text(l?.bedrooms ?? null),
  bathrooms: text(l?.bathrooms ?? null),
  furnished: l?.furnished ?? false,
  price: l === null ? '' : grouped(l.priceXof),
  charges: l === null ? '' : grouped(l.chargesXof),
  depositMonths: l?.depositMonths ?? 2,
  advanceMonths: l?.advanceMonths ?? 2,
  contactPhone: l?.contactPhone ?? '+225 ',
  fuzzPosition: l?.fuzzPosition ?? true,
  videoUrl: l?.videoUrl ?? '',
  planCode: l?.planCode ?? planCode,
});

/** "07 08 09 10 11" or "+225 0708091011" as +2250708091011. */
export function phoneOf(typed: string): string {
  const digits = typed.replace(/[^\d+]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  return `+225${digits}`;
}

const count = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));

/** The fields as the cloud takes them; `null` when a number cannot be read (the form says which). */
export function fieldsOf(d: Draft): ListingFields | null {
  const priceXof = fcfaOf(d.price);
  const chargesXof = d.charges.trim() === '' ? 0 : fcfaOf(d.charges);
  const areaM2 = Number(d.areaM2);
  const counts = [count(d.rooms), count(d.bedrooms), count(d.bathrooms)];
  if (!Number.isSafeInteger(priceXof) || !Number.isSafeInteger(chargesXof) || !Number.isInteger(areaM2)) return null;
  if (counts.some((c) => c !== undefined && !Number.isInteger(c))) return null;
  const [rooms, bedrooms, bathrooms] = counts;
  const rent = d.deal === 'rent';
  return {
    kind: d.kind,
    deal: d.deal,
    title: d.title.trim(),
    commune: d.commune,
    areaM2,
    priceXof,
    chargesXof,
    contactPhone: phoneOf(d.contactPhone),
    planCode: d.planCode,
    fuzzPosition: d.fuzzPosition,
    furnished: d.furnished,
    ...(d.description.trim() === '' ? {} : { description: d.description.trim() }),
    ...(d.neighbourhood.trim() === '' ? {} : { neighbourhood: d.neighbourhood.trim() }),
    ...(d.videoUrl.trim() === '' ? {} : { videoUrl: d.videoUrl.trim() }),
    ...(rooms === undefined ? {} : { rooms }),
    ...(bedrooms === undefined ? {} : { bedrooms }),
    ...(bathrooms === undefined ? {} : { bathrooms }),
    ...(rent ? { depositMonths: d.depositMonths, advanceMonths: d.advanceMonths } : {}),
  };
}

/** Only what changed, for PATCH (a published listing whose text or price changes is checked again). */
export function changesOf(before: OwnerListing, after: ListingFields): Partial<ListingFields> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    const old = (before as unknown as Record<string, unknown>)[key];
    if (old !== value && !(old === null && value === undefined)) out[key] = value;
  }
  // A text emptied on the form is left out of the fields: said here, or the old one would stay.
  if (before.description !== '' && after.description === undefined) out.description = '';
  if (before.neighbourhood !== '' && after.neighbourhood === undefined) out.neighbourhood = '';
  if (before.videoUrl !== null && after.videoUrl === undefined) out.videoUrl = null;
  return out;
}
