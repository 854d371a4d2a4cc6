// Proves SMS billing lengths: GSM-7 vs UCS-2, 160/153 and 70/67, escapes, French accents.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smsLength, splitSms } from './sms-segments.js';

describe('SMS length', () => {
  it('keeps plain text and GSM accents (é è à ù É Ç) in one 160-septet message', () => {
    expect(smsLength('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, parts: 1, perPart: 160 });
    expect(smsLength('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', parts: 2, perPart: 153 });
    expect(smsLength('Votre compte est activé. Numéro à conserver. Où ? Ç É è ù')).toMatchObject({
      encoding: 'GSM-7',
      parts: 1,
    });
  });

  it('counts extension characters twice', () => {
    expect(smsLength('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, parts: 1 });
    expect(smsLength('€'.repeat(81))).toMatchObject({ units: 162, parts: 2 });
  });

  it('switches to UCS-2 for ç, ê, â, ô and counts 70 then 67 per part', () => {
    expect(smsLength('Reçu')).toMatchObject({ encoding: 'UCS-2', units: 4, parts: 1 });
    expect(smsLength('ê'.repeat(70))).toMatchObject({ encoding: 'UCS-2', parts: 1 });
    expect(smsLength('ê'.repeat(71))).toMatchObject({ encoding: 'UCS-2', parts: 2, perPart: 67 });
    // 200 characters of French with a cedilla: UCS-2, 3 parts (67 + 67 + 66).
    const text =
      `Bonjour Aïcha, votre reçu de paiement est prêt : 12 500 FCFA crédités. ${'Merci de votre fidélité. '.repeat(6)}`.slice(
        0,
        200,
      );
    expect(text).toHaveLength(200);
    expect(smsLength(text)).toMatchObject({ encoding: 'UCS-2', units: 200, parts: 3 });
    expect(splitSms(text).map((p) => p.length)).toEqual([67, 67, 66]);
  });

  it('never splits inside a surrogate pair or an escape, and the parts rebuild the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 500 }), (text) => {
        const parts = splitSms(text);
        expect(parts.join('')).toBe(text);
        const length = smsLength(text);
        expect(parts.length).toBe(text === '' ? 1 : length.parts);
        for (const part of parts) {
          expect(/[\uD800-\uDBFF]$/.test(part)).toBe(false);
          const partLength = smsLength(part);
          expect(partLength.units).toBeLessThanOrEqual(
            parts.length === 1 ? (length.encoding === 'GSM-7' ? 160 : 70) : length.perPart,
          );
        }
      }),
    );
  });
});
