// Proves the simulator shows a ticket's words without the command bytes around them.
import { describe, expect, it } from 'vitest';
import { extractText } from './network-printer.js';

const bytes = (...parts: (number[] | string)[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('extractText', () => {
  it('skips commands with no, one and three parameters', () => {
    expect(extractText(bytes([0x1b, 0x40], 'Bonjour\n'))).toBe('Bonjour\n');
    expect(extractText(bytes([0x1b, 0x61, 0x01], 'Centre', [0x1b, 0x45, 0x01], ' gras\n'))).toBe('Centre gras\n');
    expect(extractText(bytes('Tiroir', [0x1b, 0x70, 0x00, 0x19, 0xfa], '\n'))).toBe('Tiroir\n');
  });

  it('skips both cut forms', () => {
    expect(extractText(bytes('A\n', [0x1d, 0x56, 0x00], 'B\n', [0x1d, 0x56, 0x42, 0x03], 'C\n'))).toBe('A\nB\nC\n');
  });
});
