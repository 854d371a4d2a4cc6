/**
 * Real estate listings (issue 25): kinds, deals, the life of a listing and its publication periods. Pure rules the
 * cloud and the portal share.
 */

export const propertyKinds = ['apartment', 'house', 'villa', 'studio', 'land', 'office', 'shop'] as const;
export type PropertyKind = (typeof propertyKinds)[number];

export const listingDeals = ['rent', 'sale'] as const;
export type ListingDeal = (typeof listingDeals)[number];

export const listingStatuses = [
  'draft',
  'pending_review',
  'published',
  'expired',
  'rented',
  'sold',
  'suspended',
] as const;
export type ListingStatus = (typeof listingStatuses)[number];

/**
 * Who may move a listing from one state to the next. The owner submits, withdraws and marks it let or sold; review
 * (an admin, or the automatic checks when nothing is suspicious) publishes or suspends; time expires it; renewing a
 * published or expired listing publishes it again.
 */
const transitions: Readonly<Record<ListingStatus, readonly ListingStatus[]>> = {
  draft: ['pending_review'],
  pending_review: ['published', 'suspended', 'draft'],
  published: ['expired', 'rented', 'sold', 'suspended', 'draft'],
  expired: ['published', 'draft'],
  rented: ['draft'],
  sold: [],
  suspended: ['pending_review'],
};

export const canMoveListing = (from: ListingStatus, to: ListingStatus): boolean => transitions[from].includes(to);

const dayMs = 86_400_000;

/**
 * Where a renewal by `periodDays` ends. From the current end when the listing is still running (renewing three days
 * early loses nothing, the WP-Job-Manager#848 mistake), from now when it has already expired.
 */
export function renewedUntil(currentEnd: Date | null, periodDays: number, now: Date): Date {
  const from = currentEnd !== null && currentEnd.getTime() > now.getTime() ? currentEnd : now;
  return new Date(from.getTime() + periodDays * dayMs);
}

/** Reminders before a listing expires, in days: D-7 and D-1. */
export const listingExpiryRemindersDays = [7, 1] as const;

/** Which expiry reminder is due now, if any (the nearest one not yet sent). */
export function expiryReminderDue(expiresAt: Date, now: Date, sent: { d7: boolean; d1: boolean }): 'd7' | 'd1' | null {
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return null;
  if (left <= dayMs) return sent.d1 ? null : 'd1';
  if (left <= 7 * dayMs) return sent.d7 ? null : 'd7';
  return null;
}

/** A listing published this long ago without an answer to "still available?" is asked again. */
export const availabilityPingAfterDays = 21;

/**
 * Words that ask a candidate for money before a visit (the Lagos "registration fee" bait): a listing saying so is held
 * for review, never published by itself. Matched on folded text (no accents, lower case).
 */
const visitFeePatterns: readonly RegExp[] = [
  /frais\s+de\s+visite/,
  /visite\s+(payante|a\s+payer)/,
  /frais\s+d['’ ]?(inscription|ouverture\s+de\s+dossier|dossier)/,
  /payer\s+(pour|avant)\s+(la\s+)?visite/,
  /visit(ing)?\s+fee/,
  /registration\s+fee/,
  /inspection\s+fee/,
];

const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function asksVisitFee(text: string): boolean {
  const folded = fold(text);
  return visitFeePatterns.some((p) => p.test(folded));
}

/** Two perceptual hashes (16 hex digits) are the same photo within this many differing bits. */
export const samePhotoMaxBits = 6;

export function hammingHex64(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let bits = 0;
  while (x > 0n) {
    bits += Number(x & 1n);
    x >>= 1n;
  }
  return bits;
}

/**
 * The duplicate key of a listing without a shared photo: the same phone, the same price and an area within 5%
 * (owners re-post the same flat with the area rounded differently).
 */
export function sameListingKey(
  a: { contactPhone: string; priceXof: number; areaM2: number },
  b: { contactPhone: string; priceXof: number; areaM2: number },
): boolean {
  if (a.contactPhone !== b.contactPhone || a.priceXof !== b.priceXof) return false;
  return Math.abs(a.areaM2 - b.areaM2) * 20 <= Math.max(a.areaM2, b.areaM2);
}
