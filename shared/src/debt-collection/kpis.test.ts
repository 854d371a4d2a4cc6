// Proves the collection figures' rules: the recovery rate in basis points rounded half up (0 on an empty base, exact
// on amounts past 2^53), the age buckets at their edges, DSO (null without new debt) and calendar days.
import { describe, expect, it } from 'vitest';
import { calendarDayOrNull, daysInPeriod, debtAgeBucket, dsoDays, recoveryRateBp } from './kpis.js';

describe('recovery rate', () => {
  it('is recovered ÷ (opening + new) in basis points, half up', () => {
    expect(recoveryRateBp({ recoveredXof: 50_000, openingBalanceXof: 100_000, newDebtXof: 100_000 })).toBe(2_500);
    // 1 ÷ 3 = 3 333.33… bp → 3 333; 2 ÷ 3 = 6 666.67 → 6 667.
    expect(recoveryRateBp({ recoveredXof: 1, openingBalanceXof: 3, newDebtXof: 0 })).toBe(3_333);
    expect(recoveryRateBp({ recoveredXof: 2, openingBalanceXof: 0, newDebtXof: 3 })).toBe(6_667);
    // Exactly half a basis point rounds up: 1 ÷ 20 000 = 0.5 bp → 1.
    expect(recoveryRateBp({ recoveredXof: 1, openingBalanceXof: 20_000, newDebtXof: 0 })).toBe(1);
    expect(recoveryRateBp({ recoveredXof: 1, openingBalanceXof: 20_001, newDebtXof: 0 })).toBe(0);
    expect(recoveryRateBp({ recoveredXof: 100, openingBalanceXof: 60, newDebtXof: 40 })).toBe(10_000);
  });

  it('is 0 when nothing was owed, and refuses fractions and negatives', () => {
    expect(recoveryRateBp({ recoveredXof: 0, openingBalanceXof: 0, newDebtXof: 0 })).toBe(0);
    expect(recoveryRateBp({ recoveredXof: 500, openingBalanceXof: 0, newDebtXof: 0 })).toBe(0);
    expect(() => recoveryRateBp({ recoveredXof: 1.5, openingBalanceXof: 3, newDebtXof: 0 })).toThrow(RangeError);
    expect(() => recoveryRateBp({ recoveredXof: 1, openingBalanceXof: -3, newDebtXof: 0 })).toThrow(RangeError);
  });

  it('stays exact where a double would lose the last digit', () => {
    const big = Number.MAX_SAFE_INTEGER; // × 10 000 overflows 2^53 in floating point
    expect(recoveryRateBp({ recoveredXof: big - 1, openingBalanceXof: big, newDebtXof: 0 })).toBe(10_000);
    expect(recoveryRateBp({ recoveredXof: Math.floor(big / 3), openingBalanceXof: big, newDebtXof: 0 })).toBe(3_333);
  });
});

describe('age buckets', () => {
  it('puts a debt in its bucket by days past due, edges included', () => {
    expect(debtAgeBucket('2027-03-10', '2027-03-09')).toBe('not_due');
    expect(debtAgeBucket('2027-03-10', '2027-03-10')).toBe('0_30');
    expect(debtAgeBucket('2027-03-10', '2027-04-09')).toBe('0_30'); // 30 days
    expect(debtAgeBucket('2027-03-10', '2027-04-10')).toBe('31_60'); // 31 days
    expect(debtAgeBucket('2027-03-10', '2027-05-09')).toBe('31_60'); // 60
    expect(debtAgeBucket('2027-03-10', '2027-05-10')).toBe('61_90'); // 61
    expect(debtAgeBucket('2027-03-10', '2027-06-08')).toBe('61_90'); // 90
    expect(debtAgeBucket('2027-03-10', '2027-06-09')).toBe('90_plus'); // 91
    // Across 29 February 2028: 1 February → 1 March is 29 days.
    expect(debtAgeBucket('2028-02-01', '2028-03-01')).toBe('0_30');
    expect(debtAgeBucket('2028-01-30', '2028-03-01')).toBe('31_60'); // 31 days
  });
});

describe('DSO', () => {
  it('is outstanding ÷ new debt × days, half up, null without new debt', () => {
    expect(dsoDays({ outstandingXof: 50_000, newDebtXof: 100_000, periodDays: 31 })).toBe(16); // 15.5 → 16
    expect(dsoDays({ outstandingXof: 0, newDebtXof: 100_000, periodDays: 31 })).toBe(0);
    expect(dsoDays({ outstandingXof: 300_000, newDebtXof: 100_000, periodDays: 30 })).toBe(90);
    expect(dsoDays({ outstandingXof: 300_000, newDebtXof: 0, periodDays: 30 })).toBeNull();
    expect(() => dsoDays({ outstandingXof: 1, newDebtXof: 1, periodDays: 0 })).toThrow(RangeError);
  });
});

describe('calendar days', () => {
  it('takes real days only and counts a period with both ends', () => {
    expect(calendarDayOrNull('2028-02-29')).toBe('2028-02-29');
    expect(calendarDayOrNull('2027-02-29')).toBeNull();
    expect(calendarDayOrNull('2027-13-01')).toBeNull();
    expect(calendarDayOrNull('27-01-01')).toBeNull();
    expect(calendarDayOrNull('2027-01-01T00:00')).toBeNull();
    expect(daysInPeriod('2027-01-01', '2027-01-31')).toBe(31);
    expect(daysInPeriod('2027-01-01', '2027-01-01')).toBe(1);
    expect(daysInPeriod('2028-01-01', '2028-12-31')).toBe(366);
  });
});
