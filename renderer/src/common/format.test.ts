// The shared formatters write money, credits and times as a client in Côte d'Ivoire reads them.
import { describe, expect, it } from 'vitest';
import { formatCredits, formatFcfa, formatTime } from './format.js';

describe('shared formatting', () => {
  it('writes FCFA grouped with a narrow no-break space and a no-break space before the unit', () => {
    expect(formatFcfa(12_500, 'fr')).toBe('12\u202f500\u00a0FCFA');
    expect(formatFcfa(12_500, 'en')).toBe('12,500\u00a0FCFA');
    expect(formatFcfa(0, 'fr')).toBe('0\u00a0FCFA');
  });

  it('writes credits with two decimals', () => {
    expect(formatCredits(2_050, 'fr').replace(/\s/g, ' ')).toBe('20,50');
  });

  it('writes the time as HH:MM on a 24-hour clock', () => {
    const local = new Date(2026, 11, 5, 14, 5).toISOString();
    expect(formatTime(local, 'fr')).toBe('14:05');
    expect(formatTime(local, 'en')).toBe('14:05');
  });
});
