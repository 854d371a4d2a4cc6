import { describe, expect, it } from 'vitest';
import { periodOf, periodProblem } from './period.js';

const at = (isoInstant: string) => Date.parse(isoInstant);

describe('a report period from its preset (Abidjan calendar, weeks from Monday)', () => {
  it('counts weeks Monday to Sunday, a Sunday still in its own week', () => {
    expect(periodOf('thisWeek', at('2026-12-06T23:30:00Z'))).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(periodOf('lastWeek', at('2026-12-07T00:10:00Z'))).toEqual({ from: '2026-11-30', to: '2026-12-06' });
  });

  it('takes whole months, across a year and in a leap February', () => {
    expect(periodOf('lastMonth', at('2027-01-03T10:00:00Z'))).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(periodOf('thisMonth', at('2028-02-10T10:00:00Z'))).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('refuses a reversed, malformed or over-366-day custom period and takes 366 days', () => {
    expect(periodProblem('2026-12-06', '2026-12-01')).toBe('order');
    expect(periodProblem('2026-13-01', '2026-12-01')).toBe('dates');
    expect(periodProblem('', '2026-12-01')).toBe('dates');
    expect(periodProblem('2025-01-01', '2026-01-02')).toBe('tooLong');
    expect(periodProblem('2024-01-01', '2024-12-31')).toBeNull();
  });
});
