import { describe, expect, it } from 'vitest';
import { contactClosedReason, nextContactMoment, smsAllowed } from './contact-policy.js';

const at = (iso: string) => new Date(iso);

describe('contact policy', () => {
  it('opens 08:00–19:00 Abidjan on working days only', () => {
    expect(contactClosedReason(at('2026-12-07T07:59:59Z'))).toBe('hours'); // a Monday
    expect(contactClosedReason(at('2026-12-07T08:00:00Z'))).toBeNull();
    expect(contactClosedReason(at('2026-12-07T18:59:59Z'))).toBeNull();
    expect(contactClosedReason(at('2026-12-07T19:00:00Z'))).toBe('hours');
    expect(contactClosedReason(at('2026-12-06T10:00:00Z'))).toBe('sunday');
    expect(contactClosedReason(at('2026-12-25T10:00:00Z'))).toBe('holiday');
    expect(contactClosedReason(at('2026-05-27T10:00:00Z'))).toBe('holiday'); // Tabaski
  });

  it('moves a closed moment to the next 08:00 of an open day', () => {
    expect(nextContactMoment(at('2026-12-07T02:00:00Z')).toISOString()).toBe('2026-12-07T08:00:00.000Z');
    expect(nextContactMoment(at('2026-12-07T10:30:00Z')).toISOString()).toBe('2026-12-07T10:30:00.000Z');
    // Saturday evening → Sunday closed → Monday 08:00.
    expect(nextContactMoment(at('2026-12-05T19:30:00Z')).toISOString()).toBe('2026-12-07T08:00:00.000Z');
    // Christmas Eve evening (Thursday) → Christmas closed → Saturday 26th 08:00.
    expect(nextContactMoment(at('2026-12-24T20:00:00Z')).toISOString()).toBe('2026-12-26T08:00:00.000Z');
  });

  it('allows 1 SMS a day and 3 in seven days', () => {
    const now = at('2026-12-10T09:00:00Z');
    expect(smsAllowed(now, [])).toBe(true);
    expect(smsAllowed(now, [at('2026-12-10T08:00:00Z')])).toBe(false);
    expect(smsAllowed(now, [at('2026-12-09T08:00:00Z'), at('2026-12-08T08:00:00Z')])).toBe(true);
    expect(smsAllowed(now, [at('2026-12-09T08:00:00Z'), at('2026-12-08T08:00:00Z'), at('2026-12-07T08:00:00Z')])).toBe(
      false,
    );
    expect(smsAllowed(now, [at('2026-12-09T08:00:00Z'), at('2026-12-08T08:00:00Z'), at('2026-12-03T08:00:00Z')])).toBe(
      true,
    );
  });
});
