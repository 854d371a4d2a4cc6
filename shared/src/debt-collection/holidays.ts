/**
 * Côte d'Ivoire's public holidays, as data (issue 26: no reminder goes out on one). The fixed and Christian ones are
 * certain; the Muslim ones follow the moon and are fixed by decree each year, so the dates below are the expected ones
 * (the day after Laylat al-Qadr, Korité, Tabaski, the day after Maouloud) and a year's list is corrected here when the
 * decree is published. A year missing from the list makes `isPublicHoliday` answer for the fixed days only and
 * `holidayYearsKnown` lets an operator screen say so.
 */

/** Fixed every year: MM-DD and name. */
export const fixedHolidaysCi: readonly (readonly [string, string])[] = [
  ['01-01', 'Jour de l’An'],
  ['05-01', 'Fête du Travail'],
  ['08-07', 'Fête de l’Indépendance'],
  ['08-15', 'Assomption'],
  ['11-01', 'Toussaint'],
  ['11-15', 'Journée nationale de la Paix'],
  ['12-25', 'Noël'],
];

/** Movable days per year (YYYY-MM-DD): Easter Monday, Ascension, Whit Monday and the Muslim feasts. */
export const movableHolidaysCi: Readonly<Record<number, readonly (readonly [string, string])[]>> = {
  2025: [
    ['2025-03-28', 'Lendemain de la Nuit du Destin'],
    ['2025-03-31', 'Korité (Aïd el-Fitr)'],
    ['2025-04-21', 'Lundi de Pâques'],
    ['2025-05-29', 'Ascension'],
    ['2025-06-06', 'Tabaski (Aïd el-Kébir)'],
    ['2025-06-09', 'Lundi de Pentecôte'],
    ['2025-09-05', 'Lendemain du Maouloud'],
  ],
  2026: [
    ['2026-03-17', 'Lendemain de la Nuit du Destin'],
    ['2026-03-20', 'Korité (Aïd el-Fitr)'],
    ['2026-04-06', 'Lundi de Pâques'],
    ['2026-05-14', 'Ascension'],
    ['2026-05-25', 'Lundi de Pentecôte'],
    ['2026-05-27', 'Tabaski (Aïd el-Kébir)'],
    ['2026-08-26', 'Lendemain du Maouloud'],
  ],
  2027: [
    ['2027-03-06', 'Lendemain de la Nuit du Destin'],
    ['2027-03-10', 'Korité (Aïd el-Fitr)'],
    ['2027-03-29', 'Lundi de Pâques'],
    ['2027-05-06', 'Ascension'],
    ['2027-05-17', 'Lundi de Pentecôte'],
    ['2027-05-17', 'Tabaski (Aïd el-Kébir)'],
    ['2027-08-15', 'Lendemain du Maouloud'],
  ],
  2028: [
    ['2028-02-23', 'Lendemain de la Nuit du Destin'],
    ['2028-02-27', 'Korité (Aïd el-Fitr)'],
    ['2028-04-17', 'Lundi de Pâques'],
    ['2028-05-05', 'Tabaski (Aïd el-Kébir)'],
    ['2028-05-25', 'Ascension'],
    ['2028-06-05', 'Lundi de Pentecôte'],
    ['2028-08-04', 'Lendemain du Maouloud'],
  ],
};

export const holidayYearsKnown: readonly number[] = Object.keys(movableHolidaysCi).map(Number);

/** The holiday's name on this day (YYYY-MM-DD), or null. */
export function publicHolidayCi(day: string): string | null {
  const fixed = fixedHolidaysCi.find(([monthDay]) => day.slice(5) === monthDay);
  if (fixed !== undefined) return fixed[1];
  const movable = movableHolidaysCi[Number(day.slice(0, 4))]?.find(([d]) => d === day);
  return movable?.[1] ?? null;
}
