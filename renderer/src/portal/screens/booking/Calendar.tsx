/**
 * The availability calendar: an accessible date grid (WAI-ARIA grid pattern). Six weeks from Monday; one tab stop,
 * arrow keys move by a day or a week, Home and End to the week's ends; each day's button says its full date, free or
 * taken and its price; the chosen stay's days carry aria-selected. Days before today and taken nights cannot be
 * chosen, except that a taken night may be the check-out day (the guest leaves that morning).
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { addDays, fullDate } from './booking-data.js';

export interface Night {
  readonly night: string;
  readonly free: boolean;
  readonly priceXof: number;
}

interface Props {
  readonly start: string;
  readonly today: string;
  readonly nights: readonly Night[];
  readonly checkIn: string | undefined;
  readonly checkOut: string | undefined;
  readonly onPick: (day: string) => void;
}

const moves: Record<string, (day: string, column: number) => string> = {
  ArrowLeft: (d) => addDays(d, -1),
  ArrowRight: (d) => addDays(d, 1),
  ArrowUp: (d) => addDays(d, -7),
  ArrowDown: (d) => addDays(d, 7),
  Home: (d, c) => addDays(d, -c),
  End: (d, c) => addDays(d, 6 - c),
};

export function Calendar({ start, today, nights, checkIn, checkOut, onPick }: Props) {
  const { t, i18n } = useTranslation('booking');
  const language = i18n.language;
  const byDay = new Map(nights.map((n) => [n.night, n]));
  const days = nights.map((n) => n.night);
  const last = days.at(-1) ?? start;
  const [focused, setFocused] = useState(checkIn ?? (today < start ? start : today));
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const moved = useRef(false);
  useEffect(() => {
    if (moved.current) buttons.current.get(focused)?.focus();
    moved.current = false;
  }, [focused]);
  const choosingOut = checkIn !== undefined && checkOut === undefined;
  const usable = (day: string): boolean => {
    const n = byDay.get(day);
    if (n === undefined || day < today) return false;
    return n.free || (choosingOut && day > (checkIn ?? ''));
  };
  const selected = (day: string): boolean =>
    checkIn !== undefined && (day === checkIn || (checkOut !== undefined && day > checkIn && day <= checkOut));
  const weekdays = days.slice(0, 7).map((d) => ({
    short: new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-CI', { weekday: 'short', timeZone: 'UTC' }).format(
      new Date(`${d}T00:00:00Z`),
    ),
    long: new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-CI', { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(`${d}T00:00:00Z`),
    ),
  }));
  const onKeyDown = (event: KeyboardEvent, day: string, column: number): void => {
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    const next = move(day, column);
    if (next < start || next > last) return;
    moved.current = true;
    setFocused(next);
  };
  // The months the grid spans ("janvier 2027 – février 2027") in its caption.
  const monthOf = (d: string) =>
    new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-CI', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${d}T00:00:00Z`));
  const months = [...new Set(days.map((d) => monthOf(d)))].join(' – ');
  const weeks = Array.from({ length: Math.ceil(days.length / 7) }, (_, w) => days.slice(w * 7, w * 7 + 7));
  return (
    <table role="grid" className="calendar" aria-labelledby="calendar-title">
      <caption className="calendar-months">{months}</caption>
      <thead>
        <tr>
          {weekdays.map((w) => (
            <th key={w.long} scope="col" abbr={w.long}>
              {w.short}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]}>
            {week.map((day, column) => {
              const night = byDay.get(day);
              const state = night?.free === false ? t('booking:calendar.taken') : t('booking:calendar.free');
              const price = night === undefined ? '' : formatFcfa(night.priceXof, language);
              return (
                <td key={day} role="gridcell" aria-selected={selected(day)} className={selected(day) ? 'chosen' : ''}>
                  <button
                    type="button"
                    ref={(el) => {
                      if (el === null) buttons.current.delete(day);
                      else buttons.current.set(day, el);
                    }}
                    tabIndex={day === focused ? 0 : -1}
                    // aria-disabled, not disabled: the arrow keys must still reach (and read) a taken day.
                    aria-disabled={!usable(day)}
                    aria-label={t('booking:calendar.day', { date: fullDate(day, language), state, price })}
                    // A month's first day is marked (a visible month name would not match the button's label).
                    className={`day${night?.free === false ? ' taken' : ''}${day.endsWith('-01') ? ' month-start' : ''}`}
                    onFocus={() => setFocused(day)}
                    onKeyDown={(event) => onKeyDown(event, day, column)}
                    onClick={() => {
                      if (usable(day)) onPick(day);
                    }}
                  >
                    {Number(day.slice(8))}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
