// The debtor's amount box takes whole FCFA only, as people type them, and refuses anything the cloud would refuse.
import { describe, expect, it } from 'vitest';
import { abidjanDayPlus, formatDay, parseXof } from './format.js';

describe('parseXof', () => {
  it('reads whole amounts typed with or without group spaces', () => {
    expect(parseXof('3000')).toBe(3000);
    expect(parseXof(' 62 500 ')).toBe(62_500);
    expect(parseXof('62\u202f500')).toBe(62_500);
    expect(parseXof('1.000')).toBe(1000);
  });

  it('refuses zero, negatives, decimals, letters and absurd lengths', () => {
    for (const text of ['', '0', '-5', '12,5', '12.5', '1 00', '12a', 'mille', '1234567890123'])
      expect(parseXof(text)).toBeNull();
  });
});

describe('days', () => {
  it('adds days in Abidjan time (UTC) and writes them in words', () => {
    expect(abidjanDayPlus(60, Date.parse('2026-12-06T23:30:00Z'))).toBe('2027-02-04');
    expect(formatDay('2026-12-07', 'fr')).toBe('7 décembre 2026');
    expect(formatDay('2026-12-07', 'en')).toBe('7 December 2026');
  });
});
