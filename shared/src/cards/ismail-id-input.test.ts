import { describe, expect, it } from 'vitest';
import { classifyDeskInput, formatIsmailIdAsTyped, normaliseIsmailIdInput } from './ismail-id-input.js';

describe('the ISMAIL ID typed at a desk', () => {
  it('maps look-alikes, case, spaces and dashes to the canonical ID', () => {
    expect(normaliseIsmailIdInput(' ci25O6I5 7k2l cm ')).toBe('CI250615-7K21-CM');
    expect(normaliseIsmailIdInput('CI-250615-7K21-CL')).toBe('CI250615-7K21-CL');
    // The I of the country code stays a letter.
    expect(normaliseIsmailIdInput('ci250615o0ooPT')).toBe('CI250615-0000-PT');
  });

  it('refuses what cannot be an ID', () => {
    expect(normaliseIsmailIdInput('CI250615-7K2U-CL')).toBeUndefined();
    expect(normaliseIsmailIdInput('CI251315-7K21-CL')).toBeUndefined();
    expect(normaliseIsmailIdInput('CI250615-7K21-XX')).toBeUndefined();
    expect(normaliseIsmailIdInput('')).toBeUndefined();
  });

  it('tells a scanned card token from a typed ID', () => {
    expect(classifyDeskInput('eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl')).toEqual({
      kind: 'token',
      token: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
    });
    expect(classifyDeskInput('ci250615 7k21 cl')).toEqual({ kind: 'ismail-id', ismailId: 'CI250615-7K21-CL' });
    expect(classifyDeskInput('bonjour').kind).toBe('invalid');
  });

  it('echoes dashes where the card prints them while typing', () => {
    expect(formatIsmailIdAsTyped('ci2506')).toBe('CI2506');
    expect(formatIsmailIdAsTyped('ci2506157k')).toBe('CI250615-7K');
    expect(formatIsmailIdAsTyped('ci250615 7k21 cl extra')).toBe('CI250615-7K21-CL');
  });
});
