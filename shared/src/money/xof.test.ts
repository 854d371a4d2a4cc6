// Proves XOF amounts print the way a customer in Abidjan reads them, with printable spaces.
import { describe, expect, it } from 'vitest';
import { formatXof } from './xof.js';

describe('formatXof', () => {
  it('groups thousands with a plain space', () => {
    expect(formatXof(12500)).toBe('12 500 FCFA');
    expect(formatXof(0)).toBe('0 FCFA');
    expect(formatXof(999)).toBe('999 FCFA');
    expect(formatXof(1000000)).toBe('1 000 000 FCFA');
    expect(formatXof(-50000)).toBe('-50 000 FCFA');
  });

  it('never emits the narrow no-break space printers cannot print', () => {
    expect(formatXof(123456789)).not.toMatch(/[\u00a0\u202f]/);
  });

  it('refuses fractions and unsafe integers', () => {
    expect(() => formatXof(12.5)).toThrow(RangeError);
    expect(() => formatXof(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(() => formatXof(Number.NaN)).toThrow(RangeError);
  });
});
