// Proves the simulated printer answers DLE EOT 1-4 and GS r with EPSON's bytes for each
// fault, and that the drivers' status reading agrees with what it answers.
import { describe, expect, it } from 'vitest';
import { parsePrinterStatus } from '@ismail/drivers';
import { realTimeStatus, transmitStatus, type MechanismState } from './printer-status.js';

const ok: MechanismState = { paper: 'ok', coverOpen: false, drawerPin3High: false };
const answers = (state: MechanismState) => [1, 2, 3, 4].map((n) => realTimeStatus(n, state));

describe('printer status bytes', () => {
  it('answers 0x12 to every request when all is well', () => {
    expect(answers(ok)).toEqual([0x12, 0x12, 0x12, 0x12]);
    expect([transmitStatus(1, ok), transmitStatus(2, ok)]).toEqual([0x00, 0x00]);
  });

  it('paper out: offline (0x1A), stopped by paper end (0x32), paper end sensor (0x72)', () => {
    const state = { ...ok, paper: 'out' } as const;
    expect(answers(state)).toEqual([0x1a, 0x32, 0x12, 0x72]);
    expect(transmitStatus(49, state)).toBe(0x0c);
    expect(parsePrinterStatus(realTimeStatus(2, state) ?? undefined, realTimeStatus(4, state) ?? undefined)).toBe(
      'paper_out',
    );
  });

  it('paper near end: still online, near-end bits (0x1E)', () => {
    const state = { ...ok, paper: 'near-end' } as const;
    expect(answers(state)).toEqual([0x12, 0x12, 0x12, 0x1e]);
    expect(transmitStatus(1, state)).toBe(0x03);
    expect(parsePrinterStatus(realTimeStatus(2, state) ?? undefined, realTimeStatus(4, state) ?? undefined)).toBe(
      'paper_low',
    );
  });

  it('cover open: offline (0x1A), cover open bit (0x16); both faults together 0x36', () => {
    const state = { ...ok, coverOpen: true };
    expect(answers(state)).toEqual([0x1a, 0x16, 0x12, 0x12]);
    expect(realTimeStatus(2, { ...state, paper: 'out' })).toBe(0x36);
    expect(parsePrinterStatus(realTimeStatus(2, state) ?? undefined, realTimeStatus(4, state) ?? undefined)).toBe(
      'cover_open',
    );
  });

  it('drawer open: pin 3 high in DLE EOT 1 (0x16) and GS r 2 (0x01); other n get no answer', () => {
    const state = { ...ok, drawerPin3High: true };
    expect(realTimeStatus(1, state)).toBe(0x16);
    expect(transmitStatus(2, state)).toBe(0x01);
    expect(realTimeStatus(5, state)).toBeNull();
    expect(transmitStatus(4, state)).toBeNull();
  });
});
