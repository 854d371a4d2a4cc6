/**
 * A provider's free slots, computed the same way wherever they are shown or checked: weekly hours in the provider's
 * time zone, exceptions per local day, a buffer before and after each job, a minimum notice and a booking horizon.
 * The server recomputes a slot a client sends (`slotRefusal`) instead of trusting it (issue 24: cal.com let a slot
 * edited in the URL ignore the buffers); the database's exclusion constraint settles the races.
 *
 * An appointment occupies its work time widened by the buffers (`busyRange`), and two busy ranges of one provider may
 * not overlap: the travel time after one job and the preparation time before the next are both kept.
 */
export interface WeeklyHours {
  /** 0 = Monday … 6 = Sunday, in the provider's time zone. */
  readonly weekday: number;
  readonly startMinute: number;
  readonly endMinute: number;
}

export interface DayException {
  /** Local day, YYYY-MM-DD. */
  readonly day: string;
  /** Null: closed all day. */
  readonly hours: { readonly startMinute: number; readonly endMinute: number } | null;
}

export interface AvailabilitySettings {
  readonly timeZone: string;
  readonly weekly: readonly WeeklyHours[];
  readonly exceptions: readonly DayException[];
  readonly bufferBeforeMinutes: number;
  readonly bufferAfterMinutes: number;
  readonly minNoticeMinutes: number;
  readonly horizonDays: number;
  readonly slotStepMinutes: number;
}

export interface TimeRange {
  readonly start: Date;
  readonly end: Date;
}

export interface Slot {
  readonly startsAt: string;
  readonly endsAt: string;
}

/** At most this many days of slots in one answer, and this many slots. */
export const slotDaysMax = 31;
export const slotsMax = 500;

const minuteMs = 60_000;

/** Minutes the zone is ahead of UTC at `at` (Africa/Abidjan: 0 all year). */
export function zoneOffsetMinutes(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(at.getTime() / minuteMs) * minuteMs) / minuteMs);
}

/** The instant of a local day's minute in a zone. */
export function localToInstant(day: string, minute: number, timeZone: string): Date {
  const naive = Date.parse(`${day}T00:00:00Z`) + minute * minuteMs;
  let guess = naive - zoneOffsetMinutes(timeZone, new Date(naive)) * minuteMs;
  guess = naive - zoneOffsetMinutes(timeZone, new Date(guess)) * minuteMs;
  return new Date(guess);
}

/** The local day (YYYY-MM-DD) and minute of an instant in a zone. */
export function instantToLocal(at: Date, timeZone: string): { day: string; minute: number; weekday: number } {
  const local = new Date(at.getTime() + zoneOffsetMinutes(timeZone, at) * minuteMs);
  const day = local.toISOString().slice(0, 10);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  return { day, minute, weekday: (local.getUTCDay() + 6) % 7 };
}

const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The opening hours of a local day: its exception if any, else its weekday's hours, sorted. */
export function hoursOf(settings: AvailabilitySettings, day: string): { startMinute: number; endMinute: number }[] {
  const exception = settings.exceptions.find((e) => e.day === day);
  if (exception !== undefined) return exception.hours === null ? [] : [exception.hours];
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return settings.weekly
    .filter((w) => w.weekday === weekday)
    .map((w) => ({ startMinute: w.startMinute, endMinute: w.endMinute }))
    .sort((a, b) => a.startMinute - b.startMinute);
}

/** The time an appointment keeps from the provider: its work widened by the buffers. */
export function busyRange(
  settings: Pick<AvailabilitySettings, 'bufferBeforeMinutes' | 'bufferAfterMinutes'>,
  startsAt: Date,
  durationMinutes: number,
): TimeRange {
  return {
    start: new Date(startsAt.getTime() - settings.bufferBeforeMinutes * minuteMs),
    end: new Date(startsAt.getTime() + (durationMinutes + settings.bufferAfterMinutes) * minuteMs),
  };
}

const overlaps = (a: TimeRange, b: TimeRange): boolean => a.start < b.end && b.start < a.end;

/**
 * Why a slot cannot be booked, in French, or null when it can. `busy` are the provider's live appointments' busy
 * ranges (already widened); `now` is the server's clock.
 */
export function slotRefusal(
  settings: AvailabilitySettings,
  startsAt: Date,
  durationMinutes: number,
  busy: readonly TimeRange[],
  now: Date,
): string | null {
  if (Number.isNaN(startsAt.getTime())) return 'L’heure demandée n’est pas une date.';
  if (!Number.isInteger(durationMinutes) || durationMinutes < 15 || durationMinutes > 720)
    return 'La durée doit être comprise entre 15 minutes et 12 heures.';
  if (startsAt.getTime() < now.getTime() + settings.minNoticeMinutes * minuteMs)
    return `Ce prestataire demande au moins ${noticeText(settings.minNoticeMinutes)} de préavis.`;
  if (startsAt.getTime() > now.getTime() + settings.horizonDays * 86_400_000)
    return `Ce prestataire ne prend pas de rendez-vous à plus de ${String(settings.horizonDays)} jours.`;
  const local = instantToLocal(startsAt, settings.timeZone);
  const end = local.minute + durationMinutes;
  const interval = hoursOf(settings, local.day).find((h) => local.minute >= h.startMinute && end <= h.endMinute);
  if (interval === undefined) return 'Ce créneau est en dehors des heures d’ouverture du prestataire.';
  if ((local.minute - interval.startMinute) % settings.slotStepMinutes !== 0)
    return `Les rendez-vous commencent toutes les ${String(settings.slotStepMinutes)} minutes.`;
  const wanted = busyRange(settings, startsAt, durationMinutes);
  if (busy.some((b) => overlaps(b, wanted))) return 'Ce créneau vient d’être pris. Choisissez-en un autre.';
  return null;
}

function noticeText(minutes: number): string {
  if (minutes % 1440 === 0) return `${String(minutes / 1440)} jour${minutes === 1440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `${String(minutes / 60)} heure${minutes === 60 ? '' : 's'}`;
  return `${String(minutes)} minutes`;
}

/** The free slots of `durationMinutes` from local day `fromDay`, for `days` days, at most `slotsMax`. */
export function freeSlots(
  settings: AvailabilitySettings,
  input: { fromDay: string; days: number; durationMinutes: number; busy: readonly TimeRange[]; now: Date },
): Slot[] {
  const days = Math.min(Math.max(1, input.days), slotDaysMax);
  const slots: Slot[] = [];
  for (let i = 0; i < days && slots.length < slotsMax; i++) {
    const day = addDays(input.fromDay, i);
    for (const h of hoursOf(settings, day)) {
      for (
        let minute = h.startMinute;
        minute + input.durationMinutes <= h.endMinute && slots.length < slotsMax;
        minute += settings.slotStepMinutes
      ) {
        const startsAt = localToInstant(day, minute, settings.timeZone);
        if (slotRefusal(settings, startsAt, input.durationMinutes, input.busy, input.now) !== null) continue;
        slots.push({
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + input.durationMinutes * minuteMs).toISOString(),
        });
      }
    }
  }
  return slots;
}
