// The keyboard-wedge detector with fake timestamps: a scanner's burst ending with Enter is a
// scan (whatever has focus), a person's Enter never is, however fast their last few keys were.
import { describe, expect, it } from 'vitest';
import { ScannerBurst } from './scanner-burst.js';

/** Types `text` from `startMs`, one key every `gapMs`, then Enter `enterGapMs` later; returns Enter's verdict. */
function typeThenEnter(burst: ScannerBurst, text: string, startMs: number, gapMs: number, enterGapMs = gapMs) {
  let at = startMs;
  for (const key of text) {
    expect(burst.key(key, at)).toEqual({ kind: 'key' });
    at += gapMs;
  }
  return burst.key('Enter', at - gapMs + enterGapMs);
}

describe('ScannerBurst', () => {
  it('reads a barcode typed 5 ms apart and ended by Enter as a scan', () => {
    expect(typeThenEnter(new ScannerBurst(), '6111234567895', 1_000, 5)).toEqual({
      kind: 'scan',
      code: '6111234567895',
    });
  });

  it('keeps a scan whose events a busy browser delayed now and then (gaps measured on a loaded 2-core machine)', () => {
    const burst = new ScannerBurst();
    const gaps = [48, 45, 63, 80, 43, 21, 11, 8, 16, 15, 15, 9];
    let at = 10_000;
    [...'6111234567895'].forEach((key, i) => burst.key(key, (at += i === 0 ? 0 : (gaps[i - 1] ?? 0))));
    expect(burst.key('Enter', at + 20)).toEqual({ kind: 'scan', code: '6111234567895' });
  });

  it('leaves a person’s Enter alone: on a button after nothing typed, after slow typing, or long after a scan', () => {
    const burst = new ScannerBurst();
    expect(burst.key('Enter', 500)).toEqual({ kind: 'enter' });
    expect(typeThenEnter(burst, 'bissap', 1_000, 120)).toEqual({ kind: 'enter' });
    expect(typeThenEnter(burst, '6111234567895', 5_000, 5, 400)).toEqual({ kind: 'enter' });
    // The run was consumed by that Enter: a second one is the person's too.
    expect(burst.key('Enter', 5_100)).toEqual({ kind: 'enter' });
  });

  it('does not take a person’s fast key rollover for a scan (too short, or too slow on average)', () => {
    expect(typeThenEnter(new ScannerBurst(), '12', 0, 10)).toEqual({ kind: 'enter' });
    expect(typeThenEnter(new ScannerBurst(), 'abcde', 0, 5)).toEqual({ kind: 'enter' });
    // Every gap under the limit, 45 ms apart: a very fast typist, not a scanner.
    expect(typeThenEnter(new ScannerBurst(), 'pagnewax', 0, 45)).toEqual({ kind: 'enter' });
    // A typist's rollovers (two keys 8 ms apart) among 70–90 ms gaps: the median stays a person's.
    const burst = new ScannerBurst();
    let at = 0;
    for (const [key, gap] of [
      ['p', 0],
      ['a', 8],
      ['g', 80],
      ['n', 8],
      ['e', 90],
      ['w', 70],
      ['a', 8],
      ['x', 85],
    ] as const)
      burst.key(key, (at += gap));
    expect(burst.key('Enter', at + 75)).toEqual({ kind: 'enter' });
  });

  it('scans only the burst, not what a person typed before it', () => {
    const burst = new ScannerBurst();
    for (const [i, key] of [...'bis'].entries()) burst.key(key, i * 150);
    expect(typeThenEnter(burst, '6111234567895', 2_000, 3)).toEqual({ kind: 'scan', code: '6111234567895' });
  });

  it('lets Shift pass inside a scan, but a shortcut or a named key ends the run', () => {
    const burst = new ScannerBurst();
    let at = 0;
    for (const key of ['e', 'y', 'Shift', 'J', 'h', 'b', 'G', 'c', 'i']) burst.key(key, (at += 3));
    expect(burst.key('Enter', (at += 3))).toEqual({ kind: 'scan', code: 'eyJhbGci' });
    for (const key of '611123') burst.key(key, (at += 3));
    burst.key('Tab', (at += 3));
    expect(burst.key('Enter', (at += 3))).toEqual({ kind: 'enter' });
    for (const key of '611123') burst.key(key, (at += 3));
    burst.key('1', (at += 3), true);
    expect(burst.key('Enter', (at += 3))).toEqual({ kind: 'enter' });
  });

  it('bounds what it keeps (a stuck key cannot grow the buffer without end)', () => {
    const burst = new ScannerBurst({ maxGapMs: 100, maxMedianGapMs: 30, minLength: 6, maxLength: 10 });
    const verdict = typeThenEnter(burst, 'x'.repeat(50), 0, 1);
    expect(verdict).toEqual({ kind: 'scan', code: 'x'.repeat(10) });
  });
});
