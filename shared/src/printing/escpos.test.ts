import { describe, expect, it } from 'vitest';
import { encodeCp858, encodeText, invoiceEscPos } from './escpos.js';

/** Bytes as a one-char-per-byte string, to search for command sequences. */
const latin1 = (bytes: ArrayLike<number>): string => String.fromCharCode(...Array.from(bytes));

describe('ESC/POS text hygiene', () => {
  it('drops control bytes from a product name as every output does (displayText), never printing them as commands', () => {
    // ESC i (cut), GS V 0 (cut), ESC p (drawer kick), DLE EOT (status), C1 CSI, DEL.
    const name = 'Savon\x1bi\x1dV\x00\x1bp\x00\x19\xfa\x10\x04\x9b\x7f';
    const bytes = encodeCp858(name);
    for (const b of bytes) expect(b === 0x0a || b >= 0x20).toBe(true);
    expect(latin1(bytes.slice(0, 5))).toBe('Savon');
    expect(bytes).toEqual(encodeCp858('SavoniVpú'));
  });

  it('keeps every command byte of a ticket to the encoder: a hostile label adds no cut and no drawer kick', () => {
    const ticket = invoiceEscPos(
      [
        {
          type: 'lines',
          header: ['a', 'b', 'c', 'd'],
          rows: [['Crème\x1dV\x00 brûlée\x1bp\x00\x19\xfa', '1', '12 500', '12 500']],
        },
      ],
      '80mm',
    );
    const hay = latin1(ticket);
    expect(hay.split('\x1dV').length - 1).toBe(1); // only the encoder's own cut, at the end
    expect(hay).not.toContain('\x1bp');
    expect(hay).toContain(latin1(encodeText('CrèmeV brûléepú', 'wpc1252')));
    const withDrawer = latin1(invoiceEscPos([{ type: 'rule' }], '58mm', { openDrawer: true }));
    expect(withDrawer.endsWith('\x1bp\x00\x19\xfa')).toBe(true);
  });

  it('turns a newline inside a value into a space: the encoder decides where lines end', () => {
    expect(encodeCp858('a\nb')).toEqual([0x61, 0x20, 0x62]);
    expect(encodeText('a\nb', 'wpc1252')).toEqual([0x61, 0x20, 0x62]);
  });

  it('writes French exactly in WPC1252 (œ, ’, —, €, « ») and spells out in PC858 what it lacks', () => {
    expect(latin1(encodeText('Cœur — « 12 500 € » l’été', 'wpc1252'))).toBe(
      'C\x9cur \x97 \xab 12 500 \x80 \xbb l\x92\xe9t\xe9',
    );
    expect(encodeText('Kɔnɛ\u202f', 'wpc1252')).toEqual([0x4b, 0x3f, 0x6e, 0x3f, 0x20]);
    expect(latin1(encodeText('Cœur — l’été', 'pc858'))).toBe('Coeur - l\x27\x82t\x82');
    const ticket = invoiceEscPos([{ type: 'rule' }], '80mm', { codePage: 'pc858' });
    expect([...ticket.slice(0, 5)]).toEqual([0x1b, 0x40, 0x1b, 0x74, 19]);
  });
});
