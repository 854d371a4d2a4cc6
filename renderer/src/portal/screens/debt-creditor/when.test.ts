// The creditor screens' readings of what is typed and of days, proven without a browser: amounts typed the Ivorian
// way are whole francs or refused (the plan editor's live sum and every money field rely on it), a month's bounds
// (the dashboard's period) handle leap years and December, and days stay on their date in any time zone.
import { describe, expect, it } from 'vitest';
import { longDay, monthBounds, readXof } from './when.js';

describe('readXof', () => {
  it('refuses what is not a whole non-negative amount', () => {
    for (const typed of [
      '',
      ' ',
      'douze mille',
      '12,5',
      '12 500,00',
      '-500',
      '1e6',
      '12a',
      '12.5',
      '1 25',
      '1234567890123',
    ])
      expect(readXof(typed), typed).toBeNull();
  });

  it('reads francs grouped with spaces, no-break spaces or dots', () => {
    expect(readXof('12 500')).toBe(12_500);
    expect(readXof('12\u202f500')).toBe(12_500);
    expect(readXof('1\u00a0250\u00a0000')).toBe(1_250_000);
    expect(readXof('45.000')).toBe(45_000);
    expect(readXof('0')).toBe(0);
  });
});

describe('monthBounds', () => {
  it('gives the first and last day of the month', () => {
    expect(monthBounds('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(monthBounds('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthBounds('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthBounds('2026-04')).toEqual({ from: '2026-04-01', to: '2026-04-30' });
  });
});

describe('longDay', () => {
  it('writes a contract day on its own date, in French and English', () => {
    expect(longDay('2026-12-16', 'fr')).toBe('16 décembre 2026');
    expect(longDay('2026-01-01', 'en')).toBe('1 January 2026');
    expect(longDay('2026-12-06T00:00:00.000Z', 'fr')).toBe('6 décembre 2026');
  });
});
