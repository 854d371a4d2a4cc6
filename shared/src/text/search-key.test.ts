// Proves the one search normaliser the cloud and the hub share: case, accents, ligatures,
// compatibility forms and white space fold away, so every spelling finds Attiéké.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchKey, searchKeyContains } from './search-key.js';

describe('searchKey', () => {
  it('folds case and accents: every way of typing Attiéké gives the same key', () => {
    for (const spelling of ['Attiéké', 'attieke', 'ATTIEKE', 'attiéké', 'ATTIÉKÉ', 'Atti\u0065\u0301k\u0065\u0301'])
      expect(searchKey(spelling)).toBe('attieke');
    expect(searchKey('Attie')).toBe('attie');
    expect(searchKey('Attiéké 1 kg')).toContain(searchKey('attie'));
  });

  it('spells out the letters that do not decompose', () => {
    expect(searchKey('Œufs')).toBe('oeufs');
    expect(searchKey('cœur')).toBe('coeur');
    expect(searchKey('Ætna')).toBe('aetna');
    expect(searchKey('Straße')).toBe('strasse');
    expect(searchKey('STRAẞE')).toBe('strasse');
    expect(searchKey('Øre Łódź Đồng')).toBe('ore lodz dong');
  });

  it('folds compatibility forms and apostrophes, collapses white space and control characters', () => {
    expect(searchKey('ﬁlet')).toBe('filet');
    expect(searchKey('ＡＢＣ')).toBe('abc');
    expect(searchKey('l’ananas')).toBe("l'ananas");
    expect(searchKey('  riz \t\n parfumé\u0000 ')).toBe('riz parfume');
  });

  it('is idempotent and never longer than needed for plain ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const key = searchKey(text);
        expect(searchKey(key)).toBe(key);
        expect(key).toBe(key.trim());
      }),
      { numRuns: 500 },
    );
    expect(searchKey('Riz 25 kg')).toBe('riz 25 kg');
  });

  it('makes a LIKE pattern that takes %, _ and \\ literally', () => {
    expect(searchKeyContains('100% Café_x\\')).toBe('%100\\% cafe\\_x\\\\%');
  });
});
