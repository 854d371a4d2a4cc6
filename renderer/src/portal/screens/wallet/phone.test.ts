import { describe, expect, it } from 'vitest';
import { msisdnOf } from './phone.js';

describe('msisdnOf', () => {
  it('reads an Ivorian number however it is typed', () => {
    expect(msisdnOf('07 00 00 00 04')).toBe('2250700000004');
    expect(msisdnOf('+225 07 00 00 00 04')).toBe('2250700000004');
  });
  it('refuses what is not a valid number', () => {
    expect(msisdnOf('12')).toBeNull();
    expect(msisdnOf('abc')).toBeNull();
  });
});
