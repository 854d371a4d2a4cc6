/**
 * The lifecycle's rules as pure functions (no clock, no database: days are given, Abidjan YYYY-MM-DD): what a promise
 * and a plan may be, how payments since a plan cover its instalments in order, and when a promise or a plan is broken.
 */
import { plusDays } from './lifecycle-context.js';

/** A promise is for a date within this many days. */
export const promiseHorizonDays = 60;
export const planInstalmentsMax = 60;
export const planGraceDaysDefault = 5;

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (day: string): boolean =>
  dayPattern.test(day) && new Date(Date.parse(`${day}T00:00:00Z`)).toISOString().slice(0, 10) === day;

/** Why this promise cannot be made (in French), or null. */
export function promiseProblem(amountXof: number, promisedOn: string, leftXof: number, today: string): string | null {
  if (leftXof <= 0) return 'Plus rien n’est dû sur ce dossier.';
  if (!Number.isSafeInteger(amountXof) || amountXof <= 0)
    return 'Le montant promis doit être un entier positif en FCFA.';
  if (amountXof > leftXof) return 'Le montant promis dépasse ce qui reste dû.';
  if (!isDay(promisedOn)) return 'La date promise n’est pas une date valide.';
  if (promisedOn < today) return 'La date promise est déjà passée.';
  if (promisedOn > plusDays(today, promiseHorizonDays))
    return `La date promise doit tomber dans les ${String(promiseHorizonDays)} jours.`;
  return null;
}

/** A pending promise is broken from the day after its date (Abidjan day), when not kept by then. */
export const promiseIsLate = (promisedOn: string, today: string): boolean => today > promisedOn;

export interface Instalment {
  readonly dueOn: string;
  readonly amountXof: number;
}

/** Why these instalments are not a plan for what is left (in French), or null. */
export function planProblem(instalments: readonly Instalment[], leftXof: number, today: string): string | null {
  if (leftXof <= 0) return 'Plus rien n’est dû sur ce dossier.';
  if (instalments.length < 1 || instalments.length > planInstalmentsMax)
    return `Un échéancier compte de 1 à ${String(planInstalmentsMax)} échéances.`;
  let sum = 0;
  let previous = '';
  for (const [i, instalment] of instalments.entries()) {
    const n = String(i + 1);
    if (!Number.isSafeInteger(instalment.amountXof) || instalment.amountXof <= 0)
      return `L’échéance ${n} doit être un montant entier positif en FCFA.`;
    if (!isDay(instalment.dueOn)) return `La date de l’échéance ${n} n’est pas une date valide.`;
    if (instalment.dueOn < today) return `L’échéance ${n} tombe avant aujourd’hui.`;
    if (instalment.dueOn <= previous) return 'Les échéances se suivent, chacune après la précédente.';
    previous = instalment.dueOn;
    sum += instalment.amountXof;
  }
  if (sum !== leftXof)
    return `Les échéances totalisent ${String(sum)} FCFA alors que ${String(leftXof)} FCFA restent dus : elles doivent en faire exactement le total.`;
  return null;
}

/** How much of each instalment `paidSinceXof` covers, in order (the first ones first). */
export function planCoverage(instalments: readonly Instalment[], paidSinceXof: number): number[] {
  let rest = Math.max(0, paidSinceXof);
  return instalments.map((i) => {
    const covered = Math.min(i.amountXof, rest);
    rest -= covered;
    return covered;
  });
}

/**
 * Where a plan stands: completed when every instalment is covered; broken when one is still not covered `graceDays`
 * after its date (from the day after that); active otherwise.
 */
export function planState(
  instalments: readonly Instalment[],
  paidSinceXof: number,
  graceDays: number,
  today: string,
): 'active' | 'completed' | 'broken' {
  const covered = planCoverage(instalments, paidSinceXof);
  if (instalments.every((i, k) => covered[k] === i.amountXof)) return 'completed';
  const late = instalments.some((i, k) => covered[k] !== i.amountXof && today > plusDays(i.dueOn, graceDays));
  return late ? 'broken' : 'active';
}
