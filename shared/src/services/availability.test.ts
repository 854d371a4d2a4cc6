import { describe, expect, it } from 'vitest';
import {
  busyRange,
  freeSlots,
  instantToLocal,
  localToInstant,
  slotRefusal,
  type AvailabilitySettings,
} from './availability.js';

const settings: AvailabilitySettings = {
  timeZone: 'Africa/Abidjan',
  // Monday to Friday 08:00–12:00 and 14:00–18:00; Saturday 08:00–12:00.
  weekly: [
    ...[0, 1, 2, 3, 4].flatMap((weekday) => [
      { weekday, startMinute: 480, endMinute: 720 },
      { weekday, startMinute: 840, endMinute: 1080 },
    ]),
    { weekday: 5, startMinute: 480, endMinute: 720 },
  ],
  exceptions: [
    { day: '2027-01-13', hours: null },
    { day: '2027-01-14', hours: { startMinute: 600, endMinute: 660 } },
  ],
  bufferBeforeMinutes: 30,
  bufferAfterMinutes: 30,
  minNoticeMinutes: 120,
  horizonDays: 30,
  slotStepMinutes: 30,
};
// Monday 11 January 2027, 07:00 in Abidjan (UTC+0).
const now = new Date('2027-01-11T07:00:00Z');
const at = (iso: string): Date => new Date(iso);

describe('service availability', () => {
  it('converts local times in zones with and without an offset', () => {
    expect(localToInstant('2027-01-11', 480, 'Africa/Abidjan').toISOString()).toBe('2027-01-11T08:00:00.000Z');
    expect(localToInstant('2027-01-11', 480, 'Africa/Lagos').toISOString()).toBe('2027-01-11T07:00:00.000Z');
    expect(instantToLocal(at('2027-01-11T23:30:00Z'), 'Africa/Lagos')).toEqual({
      day: '2027-01-12',
      minute: 30,
      weekday: 1,
    });
  });

  it('offers slots inside the hours, after the notice, on the step, and none on a closed day', () => {
    const slots = freeSlots(settings, { fromDay: '2027-01-11', days: 4, durationMinutes: 60, busy: [], now });
    const monday = slots.filter((s) => s.startsAt.startsWith('2027-01-11')).map((s) => s.startsAt.slice(11, 16));
    // 09:00 is the first start two hours after 07:00; the last morning slot ends at 12:00.
    expect(monday).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
      '16:30',
      '17:00',
    ]);
    expect(slots.some((s) => s.startsAt.startsWith('2027-01-13'))).toBe(false);
    expect(slots.filter((s) => s.startsAt.startsWith('2027-01-14')).map((s) => s.startsAt.slice(11, 16))).toEqual([
      '10:00',
    ]);
  });

  it('keeps both buffers between two jobs', () => {
    const booked = busyRange(settings, at('2027-01-12T10:00:00Z'), 60);
    expect([booked.start.toISOString(), booked.end.toISOString()]).toEqual([
      '2027-01-12T09:30:00.000Z',
      '2027-01-12T11:30:00.000Z',
    ]);
    const tuesday = freeSlots(settings, { fromDay: '2027-01-12', days: 1, durationMinutes: 60, busy: [booked], now })
      .map((s) => s.startsAt.slice(11, 16))
      .filter((t) => t < '12:00');
    // 08:00 would end its after-buffer at 09:30 (free); 08:30 would overlap the 09:30 start of the booked buffer.
    expect(tuesday).toEqual(['08:00']);
  });

  it('refuses a client-sent slot off the rules, with the reason', () => {
    const refuse = (iso: string, minutes = 60): string | null => slotRefusal(settings, at(iso), minutes, [], now);
    expect(refuse('2027-01-11T08:00:00Z')).toMatch(/préavis/);
    expect(refuse('2027-03-01T09:00:00Z')).toMatch(/30 jours/);
    expect(refuse('2027-01-12T12:30:00Z')).toMatch(/heures d’ouverture/);
    expect(refuse('2027-01-12T11:30:00Z')).toMatch(/heures d’ouverture/);
    expect(refuse('2027-01-12T09:10:00Z')).toMatch(/toutes les 30 minutes/);
    expect(refuse('2027-01-13T09:00:00Z')).toMatch(/heures d’ouverture/);
    expect(refuse('2027-01-12T09:00:00Z', 5)).toMatch(/durée/);
    expect(refuse('2027-01-12T09:00:00Z')).toBeNull();
    expect(
      slotRefusal(settings, at('2027-01-12T09:00:00Z'), 60, [busyRange(settings, at('2027-01-12T10:30:00Z'), 60)], now),
    ).toMatch(/pris/);
  });
});
