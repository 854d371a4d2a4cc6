/**
 * A report's period from its preset, in Abidjan's calendar (UTC all year, no daylight saving): weeks run Monday to
 * Sunday as the cloud's schedules count them. Pure: tested without a browser.
 */
export const presets = ['thisWeek', 'lastWeek', 'thisMonth', 'lastMonth', 'custom'] as const;
export type Preset = (typeof presets)[number];

const dayMs = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Today in Abidjan. */
export const todayIn = (nowMs: number): string => iso(nowMs);

export function periodOf(preset: Exclude<Preset, 'custom'>, nowMs: number): { from: string; to: string } {
  const today = Date.parse(`${todayIn(nowMs)}T00:00:00Z`);
  const weekday = (new Date(today).getUTCDay() + 6) % 7; // 0 = Monday
  const monday = today - weekday * dayMs;
  const date = new Date(today);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  switch (preset) {
    case 'thisWeek':
      return { from: iso(monday), to: iso(monday + 6 * dayMs) };
    case 'lastWeek':
      return { from: iso(monday - 7 * dayMs), to: iso(monday - dayMs) };
    case 'thisMonth':
      return { from: iso(Date.UTC(year, month, 1)), to: iso(Date.UTC(year, month + 1, 0)) };
    case 'lastMonth':
      return { from: iso(Date.UTC(year, month - 1, 1)), to: iso(Date.UTC(year, month, 0)) };
  }
}

const isDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));

/** The cloud takes at most 366 days, `from` not after `to`: said before asking. */
export function periodProblem(from: string, to: string): 'dates' | 'order' | 'tooLong' | null {
  if (!isDate(from) || !isDate(to)) return 'dates';
  if (from > to) return 'order';
  return (Date.parse(to) - Date.parse(from)) / dayMs + 1 > 366 ? 'tooLong' : null;
}
