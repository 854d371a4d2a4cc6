/**
 * A clock the operator may move forward, for browser tests on a demo cloud (ISMAIL_TEST_CLOCK with ISMAIL_DEMO): a
 * plumber may mark work done only after it started, and a test should not sleep five minutes to get there. Only the
 * business modules' own decisions read it (Services, Real estate); the ledger, sessions and SQL `now()` keep real time.
 * It only moves forward, by at most a year in all, so a mistaken call cannot take it back into decisions already made.
 */
export interface TestClock {
  readonly now: () => Date;
  /** Moves the clock forward; answers the clock's new time. */
  advance(ms: number): Date;
  readonly offsetMs: () => number;
}

export const testClockMaxOffsetMs = 366 * 86_400_000;

export function testClock(real: () => number = Date.now): TestClock {
  let offsetMs = 0;
  return {
    now: () => new Date(real() + offsetMs),
    advance(ms: number): Date {
      if (!Number.isSafeInteger(ms) || ms <= 0) throw new RangeError('the test clock only moves forward, by whole ms');
      if (offsetMs + ms > testClockMaxOffsetMs) throw new RangeError('the test clock moves a year ahead at most');
      offsetMs += ms;
      return new Date(real() + offsetMs);
    },
    offsetMs: () => offsetMs,
  };
}
