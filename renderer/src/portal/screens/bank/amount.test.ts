import { describe, expect, it } from 'vitest';
import { leftToPlace, parseXof } from './amount.js';

describe('whole FCFA typed on a bank line', () => {
  it('refuses decimals, letters, empty and badly grouped digits', () => {
    for (const typed of ['12.5', '12,5', '', 'douze', '1 00', '12 5000', '--5']) expect(parseXof(typed)).toBeNull();
  });

  it('reads grouped, ungrouped, with the unit and negative amounts', () => {
    expect(parseXof('12 500')).toBe(12_500);
    expect(parseXof('12\u202f500 FCFA')).toBe(12_500);
    expect(parseXof('250000')).toBe(250_000);
    expect(parseXof('-75 000')).toBe(-75_000);
  });

  it('says what is left to place, nothing until every part is readable', () => {
    expect(leftToPlace(100_000, [60_000, 40_000])).toBe(0);
    expect(leftToPlace(100_000, [60_000, 30_000])).toBe(10_000);
    expect(leftToPlace(-100_000, [-60_000, -50_000])).toBe(10_000);
    expect(leftToPlace(100_000, [60_000, null])).toBeNull();
  });
});
