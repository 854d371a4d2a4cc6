// Proves the one display rule for stored text with control characters: separators become a
// space, other controls vanish, everything else is untouched, and layout blocks follow it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayBlocks, displayText } from './display-text.js';

describe('displayText', () => {
  it('turns separators into a space and removes the other control characters', () => {
    expect(displayText('Riz\tparfumé\r\n5 kg')).toBe('Riz parfumé  5 kg');
    expect(displayText('Savon\u001b[31m rouge\u001d\u0000\u007f\u0085\u009b')).toBe('Savon[31m rouge ');
    expect(displayText('a\u2028b')).toBe('a b');
  });

  it('returns text without control characters unchanged, and leaves none in any text', () => {
    expect(displayText('Attiéké « spécial » 🐟 أرز')).toBe('Attiéké « spécial » 🐟 أرز');
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0x2030 }), { maxLength: 60 }).map((codes) => String.fromCharCode(...codes)),
        (text) => {
          const shown = displayText(text);
          // eslint-disable-next-line no-control-regex -- the property is about control characters
          expect(/[\u0000-\u001f\u007f-\u009f]/.test(shown)).toBe(false);
          expect(displayText(shown)).toBe(shown);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('applies to every shown text of layout blocks, not to QR data', () => {
    const blocks = displayBlocks([
      { type: 'title', text: 'A\u0000' },
      { type: 'lines', header: ['D', 'Q', 'P', 'M'], rows: [['Riz\u001b', '1', '2', '3']] },
      { type: 'pairs', pairs: [['Client', 'Awa\nKoné']] },
      { type: 'qr', data: 'x\u0001', caption: 'c\u0002' },
    ]);
    expect(blocks).toEqual([
      { type: 'title', text: 'A' },
      { type: 'lines', header: ['D', 'Q', 'P', 'M'], rows: [['Riz', '1', '2', '3']] },
      { type: 'pairs', pairs: [['Client', 'Awa Koné']] },
      { type: 'qr', data: 'x\u0001', caption: 'c' },
    ]);
  });
});
