import { describe, expect, it } from 'vitest';
import { isRentLate, lateFrom, rentSchedule } from './rent.js';

describe('rent schedule', () => {
  it('dues every month on the payment day, the first on the start day, skipping the advance', () => {
    const dues = rentSchedule({
      startsOn: '2027-01-10',
      durationMonths: 4,
      paymentDay: 5,
      rentXof: 200_000,
      chargesXof: 10_000,
      advanceXof: 0,
    });
    expect(dues).toEqual([
      { period: '2027-01', dueOn: '2027-01-10', amountXof: 210_000 },
      { period: '2027-02', dueOn: '2027-02-05', amountXof: 210_000 },
      { period: '2027-03', dueOn: '2027-03-05', amountXof: 210_000 },
      { period: '2027-04', dueOn: '2027-04-05', amountXof: 210_000 },
    ]);
    const withAdvance = rentSchedule({
      startsOn: '2027-11-01',
      durationMonths: 4,
      paymentDay: 5,
      rentXof: 200_000,
      chargesXof: 0,
      advanceXof: 400_000,
    });
    expect(withAdvance.map((d) => d.period)).toEqual(['2028-01', '2028-02']);
  });

  it('is late the day after the grace days', () => {
    expect(lateFrom('2027-02-05', 5)).toBe('2027-02-11');
    expect(isRentLate('2027-02-05', 5, '2027-02-10')).toBe(false);
    expect(isRentLate('2027-02-05', 5, '2027-02-11')).toBe(true);
    expect(isRentLate('2027-02-28', 0, '2027-03-01')).toBe(true);
  });
});
