// Proves smsParts counts SMS parts as a network does: GSM-7 160/153 with extension
// characters counting two septets, UCS-2 70/67 in UTF-16 units, French accents split
// between the two, and no escaped character or surrogate pair cut across parts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gsm7BasicTable, gsm7ExtensionTable, smsParts } from './gsm.js';

describe('smsParts', () => {
  it('has the 127 characters of the GSM 03.38 basic table and the 10 of its extension table', () => {
    expect(Array.from(gsm7BasicTable)).toHaveLength(127);
    expect(new Set(gsm7BasicTable).size).toBe(127);
    expect(Array.from(gsm7ExtensionTable)).toHaveLength(10);
    for (const char of gsm7ExtensionTable) expect(gsm7BasicTable).not.toContain(char);
    // Spot checks at known positions: 0x00 @, 0x09 Ç, 0x1F É, 0x24 ¤, 0x40 ¡, 0x60 ¿, 0x7F à.
    const at = (position: number): string | undefined =>
      Array.from(gsm7BasicTable)[position < 0x1b ? position : position - 1];
    expect([at(0x00), at(0x09), at(0x1f), at(0x24), at(0x40), at(0x60), at(0x7f)]).toEqual([
      '@',
      'Ç',
      'É',
      '¤',
      '¡',
      '¿',
      'à',
    ]);
  });

  it('fits 160 GSM characters in one part and splits 161 into two of at most 153', () => {
    expect(smsParts('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, parts: 1 });
    expect(smsParts('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, parts: 2 });
    expect(smsParts('a'.repeat(306))).toEqual({ encoding: 'GSM-7', units: 306, parts: 2 });
    expect(smsParts('a'.repeat(307))).toEqual({ encoding: 'GSM-7', units: 307, parts: 3 });
  });

  it('fits 70 UCS-2 units in one part and splits 71 into two of at most 67', () => {
    expect(smsParts('ç'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, parts: 1 });
    expect(smsParts('ç'.repeat(71))).toEqual({ encoding: 'UCS-2', units: 71, parts: 2 });
    expect(smsParts('ç'.repeat(134))).toEqual({ encoding: 'UCS-2', units: 134, parts: 2 });
    expect(smsParts('ç'.repeat(135))).toEqual({ encoding: 'UCS-2', units: 135, parts: 3 });
  });

  it('counts an empty text as one GSM part', () => {
    expect(smsParts('')).toEqual({ encoding: 'GSM-7', units: 0, parts: 1 });
  });

  it('keeps the French accents of the basic table in GSM-7 and sends the others as UCS-2', () => {
    for (const char of [
      'é',
      'è',
      'à',
      'ù',
      'É',
      'Ç',
      'ì',
      'ò',
      'ä',
      'ö',
      'ü',
      'ñ',
      'Ä',
      'Ö',
      'Ü',
      'Ñ',
      'Å',
      'å',
      'Æ',
      'æ',
      'ß',
      'Ø',
      'ø',
      '§',
      '¿',
      '¡',
      '£',
      '¥',
      '¤',
    ]) {
      expect(smsParts(`Merci ${char}`).encoding, char).toBe('GSM-7');
    }
    for (const char of [
      'ç',
      'ê',
      'â',
      'î',
      'ô',
      'û',
      'ë',
      'ï',
      'À',
      'È',
      'Ê',
      'Ô',
      'œ',
      '°',
      '’',
      '«',
      '»',
      '`',
      '\t',
    ]) {
      expect(smsParts(`Merci ${char}`).encoding, char).toBe('UCS-2');
    }
  });

  it('sends a 200-character French text with "ç" as UCS-2 in 3 parts, and as GSM-7 in 2 without it', () => {
    const text =
      'Bonjour Adjoua, votre reçu ISMAIL CI261124-7K3M-CL est prêt. Montant payé : 12 500 F CFA. Merci de votre confiance et à bientôt à la boutique ! Pour toute question, répondez à ce message SVP.'.padEnd(
        200,
        '.',
      );
    expect(text).toHaveLength(200);
    expect(smsParts(text)).toEqual({ encoding: 'UCS-2', units: 200, parts: 3 });
    const gsmOnly = text.replace('reçu', 'recu').replace('prêt', 'pret').replace('bientôt', 'bientot');
    expect(smsParts(gsmOnly)).toEqual({ encoding: 'GSM-7', units: 200, parts: 2 });
  });

  it('counts each extension-table character as two septets', () => {
    for (const char of gsm7ExtensionTable)
      expect(smsParts(char), JSON.stringify(char)).toEqual({ encoding: 'GSM-7', units: 2, parts: 1 });
    expect(smsParts('Total 12€ [promo] {x} ^ ~ | \\')).toEqual({ encoding: 'GSM-7', units: 29 + 9, parts: 1 });
    expect(smsParts('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, parts: 1 });
    expect(smsParts(`${'€'.repeat(80)}a`)).toEqual({ encoding: 'GSM-7', units: 161, parts: 2 });
  });

  it('never splits an escaped GSM character across two parts', () => {
    // 152 + 2 + 152 = 306 septets: a plain 306 / 153 says 2, but the € cannot straddle the first cut.
    expect(smsParts(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toEqual({ encoding: 'GSM-7', units: 306, parts: 3 });
    expect(smsParts(`${'a'.repeat(151)}€${'a'.repeat(153)}`)).toEqual({ encoding: 'GSM-7', units: 306, parts: 2 });
  });

  it('counts UTF-16 code units and never splits a surrogate pair across two parts', () => {
    expect(smsParts('😀')).toEqual({ encoding: 'UCS-2', units: 2, parts: 1 });
    expect(smsParts(`${'a'.repeat(68)}😀`)).toEqual({ encoding: 'UCS-2', units: 70, parts: 1 });
    expect(smsParts(`${'a'.repeat(69)}😀`)).toEqual({ encoding: 'UCS-2', units: 71, parts: 2 });
    // 66 + 2 + 66 = 134 units: 134 / 67 says 2, but the pair moves whole into the second part.
    expect(smsParts(`${'ç'.repeat(66)}😀${'ç'.repeat(66)}`)).toEqual({ encoding: 'UCS-2', units: 134, parts: 3 });
    expect(smsParts(`${'ç'.repeat(65)}😀${'ç'.repeat(67)}`)).toEqual({ encoding: 'UCS-2', units: 134, parts: 2 });
  });

  it('agrees with the plain division for texts of single-width characters', () => {
    const gsmChar = fc.constantFrom(...Array.from(gsm7BasicTable));
    fc.assert(
      fc.property(fc.array(gsmChar, { maxLength: 1000 }), (chars) => {
        const counted = smsParts(chars.join(''));
        const expected = chars.length <= 160 ? 1 : Math.ceil(chars.length / 153);
        return counted.encoding === 'GSM-7' && counted.units === chars.length && counted.parts === expected;
      }),
    );
    const bmpChar = fc.constantFrom('ç', 'ê', 'ô', 'a', 'é', ' ', 'ï', 'Ω');
    fc.assert(
      fc.property(fc.array(bmpChar, { maxLength: 700 }), (chars) => {
        const text = chars.join('');
        const counted = smsParts(text);
        if (counted.encoding === 'GSM-7') return Array.from(text).every((char) => gsm7BasicTable.includes(char));
        const expected = chars.length <= 70 ? 1 : Math.ceil(chars.length / 67);
        return counted.units === chars.length && counted.parts === expected;
      }),
    );
  });
});
