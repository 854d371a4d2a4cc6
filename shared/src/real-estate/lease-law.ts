/**
 * Côte d'Ivoire lease rules (law 2018-575 on residential leases, carried into the Construction and Housing Code, law
 * 2019-576): a written lease; the deposit (cautionnement) at most two months of rent; the advance (avance) at most two
 * months; the rent revised only after three years, with three months' notice; the deposit returned within one month
 * of the keys. Pure: the cloud checks a lease with this before it exists, and shows the same reasons.
 */

export const leaseLaw = {
  maxDepositMonths: 2,
  maxAdvanceMonths: 2,
  revisionAfterYears: 3,
  revisionNoticeMonths: 3,
  depositReturnDays: 30,
  maxDurationMonths: 120,
} as const;

export interface LeaseTerms {
  readonly rentXof: number;
  readonly chargesXof: number;
  readonly depositXof: number;
  readonly advanceXof: number;
  /** YYYY-MM-DD */
  readonly startsOn: string;
  readonly durationMonths: number;
  /** YYYY-MM-DD: the first date the rent may be revised. */
  readonly revisionOn: string;
}

export interface LeaseViolation {
  readonly field: keyof LeaseTerms;
  readonly code: 'deposit_too_high' | 'advance_too_high' | 'revision_too_early' | 'invalid';
  /** French, shown to the user as is. */
  readonly message: string;
}

const isDay = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** YYYY-MM-DD plus whole months, clamped to the month's last day (31 January + 1 month = 28/29 February). */
export function addMonthsToDay(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The earliest revision date the law allows for a lease starting on `startsOn`. */
export const earliestRevisionOn = (startsOn: string): string =>
  addMonthsToDay(startsOn, leaseLaw.revisionAfterYears * 12);

/** The last day notice of a revision on `revisionOn` may be given (three months before). */
export const revisionNoticeBy = (revisionOn: string): string =>
  addMonthsToDay(revisionOn, -leaseLaw.revisionNoticeMonths);

const whole = (n: number, min: number): boolean => Number.isSafeInteger(n) && n >= min;

/** Every rule the terms break, with the law's reason; empty when the lease may be made. */
export function leaseViolations(terms: LeaseTerms): LeaseViolation[] {
  const out: LeaseViolation[] = [];
  if (!whole(terms.rentXof, 1))
    out.push({ field: 'rentXof', code: 'invalid', message: 'Le loyer doit être un montant entier positif en FCFA.' });
  if (!whole(terms.chargesXof, 0))
    out.push({ field: 'chargesXof', code: 'invalid', message: 'Les charges doivent être un montant entier en FCFA.' });
  if (!whole(terms.depositXof, 0))
    out.push({ field: 'depositXof', code: 'invalid', message: 'La caution doit être un montant entier en FCFA.' });
  else if (whole(terms.rentXof, 1) && terms.depositXof > leaseLaw.maxDepositMonths * terms.rentXof)
    out.push({
      field: 'depositXof',
      code: 'deposit_too_high',
      message: `La caution ne peut pas dépasser ${String(leaseLaw.maxDepositMonths)} mois de loyer (loi n° 2018-575 relative au bail à usage d’habitation).`,
    });
  if (!whole(terms.advanceXof, 0))
    out.push({ field: 'advanceXof', code: 'invalid', message: 'L’avance doit être un montant entier en FCFA.' });
  else if (whole(terms.rentXof, 1) && terms.advanceXof > leaseLaw.maxAdvanceMonths * terms.rentXof)
    out.push({
      field: 'advanceXof',
      code: 'advance_too_high',
      message: `L’avance ne peut pas dépasser ${String(leaseLaw.maxAdvanceMonths)} mois de loyer (loi n° 2018-575 relative au bail à usage d’habitation).`,
    });
  if (
    !Number.isSafeInteger(terms.durationMonths) ||
    terms.durationMonths < 1 ||
    terms.durationMonths > leaseLaw.maxDurationMonths
  )
    out.push({
      field: 'durationMonths',
      code: 'invalid',
      message: `La durée du bail doit être de 1 à ${String(leaseLaw.maxDurationMonths)} mois.`,
    });
  if (!isDay(terms.startsOn))
    out.push({ field: 'startsOn', code: 'invalid', message: 'La date de début doit être une date (AAAA-MM-JJ).' });
  else if (!isDay(terms.revisionOn))
    out.push({ field: 'revisionOn', code: 'invalid', message: 'La date de révision doit être une date (AAAA-MM-JJ).' });
  else if (terms.revisionOn < earliestRevisionOn(terms.startsOn))
    out.push({
      field: 'revisionOn',
      code: 'revision_too_early',
      message: `Le loyer ne peut être révisé qu’après ${String(leaseLaw.revisionAfterYears)} ans, soit au plus tôt le ${earliestRevisionOn(terms.startsOn)}, avec un préavis de ${String(leaseLaw.revisionNoticeMonths)} mois (loi n° 2018-575).`,
    });
  return out;
}
