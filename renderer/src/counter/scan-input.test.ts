import { describe, expect, it } from 'vitest';
import { formatCredits, formatXof } from '../common/format.js';
import { classifyInput } from './scan-input.js';

const segment = (value: unknown): string =>
  btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

describe('counter input', () => {
  it('tells a scanned card, a barcode, a misread and a search apart', () => {
    expect(classifyInput('  6111234567895\n')).toEqual({ kind: 'barcode', code: '6111234567895' });
    expect(classifyInput('6111234567894')).toEqual({ kind: 'misread' });
    const card = `${segment({ alg: 'ES256', typ: 'ismail-card+jwt', kid: 'k1' })}.${segment({ v: 1 })}.c2lnbmF0dXJl`;
    expect(classifyInput(card)).toEqual({ kind: 'card', token: card });
    expect(classifyInput('pagne wax')).toEqual({ kind: 'search', text: 'pagne wax' });
    expect(classifyInput('   ')).toEqual({ kind: 'empty' });
  });

  it('formats FCFA without decimals and credits with two, the local way', () => {
    expect(formatXof(12_500, 'fr').replace(/\s/g, ' ')).toBe('12 500 F CFA');
    expect(formatCredits(25_000, 'fr').replace(/\s/g, ' ')).toBe('250,00');
    expect(formatCredits(25_000, 'en')).toBe('250.00');
  });
});
