/**
 * The rent schedule of a lease (issue 25): one due per month of the lease, on the lease's payment day, for rent plus
 * charges; late after the grace days. Pure: the cloud writes the dues and decides lateness with these.
 */
import { addMonthsToDay } from './lease-law.js';

export interface RentDue {
  /** YYYY-MM */
  readonly period: string;
  /** YYYY-MM-DD */
  readonly dueOn: string;
  readonly amountXof: number;
}

/**
 * The dues of a lease: the first month is due on the start day, later ones on the payment day of each month. Months
 * covered by the advance paid at signature are not due again (the advance is rent paid ahead).
 */
export function rentSchedule(lease: {
  startsOn: string;
  durationMonths: number;
  paymentDay: number;
  rentXof: number;
  chargesXof: number;
  advanceXof: number;
}): RentDue[] {
  const monthly = lease.rentXof + lease.chargesXof;
  const advanceMonths = lease.rentXof > 0 ? Math.floor(lease.advanceXof / lease.rentXof) : 0;
  const out: RentDue[] = [];
  for (let i = advanceMonths; i < lease.durationMonths; i += 1) {
    const monthStart = addMonthsToDay(`${lease.startsOn.slice(0, 7)}-01`, i);
    const dueOn = i === 0 ? lease.startsOn : `${monthStart.slice(0, 8)}${String(lease.paymentDay).padStart(2, '0')}`;
    out.push({ period: monthStart.slice(0, 7), dueOn, amountXof: monthly });
  }
  return out;
}

/** The day (YYYY-MM-DD) from which an unpaid due is late: the due day plus the grace days. */
export function lateFrom(dueOn: string, graceDays: number): string {
  const t = Date.parse(`${dueOn}T00:00:00Z`) + (graceDays + 1) * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whether a due still unpaid on `today` (YYYY-MM-DD, Abidjan) is late. */
export const isRentLate = (dueOn: string, graceDays: number, today: string): boolean =>
  today >= lateFrom(dueOn, graceDays);
