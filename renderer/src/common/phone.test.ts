// Phone numbers are written as a client in Côte d'Ivoire reads them: +225 and libphonenumber's grouping.
import { describe, expect, it } from 'vitest';
import { formatPhone } from './phone.js';

describe('phone numbers', () => {
  it('writes Ivorian phone numbers as +225', () => {
    expect(formatPhone('0708091011')).toBe('+225 07 08 09 1011');
    expect(formatPhone('+2250708091011')).toBe('+225 07 08 09 1011');
    expect(formatPhone('pas un numéro')).toBe('pas un numéro');
  });
});
