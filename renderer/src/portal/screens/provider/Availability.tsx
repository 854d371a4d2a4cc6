/**
 * A provider's opening hours: each weekday closed ("Fermé") or open in one or two intervals, and exceptions (a day
 * closed, or other hours that day). Saved together (PUT /v1/services/me/availability); the cloud computes the slots
 * from them with the buffers, notice and horizon, and re-checks every booking against them.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { saveAvailability } from './data.js';
import { clockOf, minuteOf } from './math.js';
import { problemText } from './problem.js';
import type { DayException, MyProfile, WeeklyInterval } from './types.js';

interface Span {
  start: string;
  end: string;
}
interface Day {
  closed: boolean;
  spans: Span[];
}
interface Exception {
  day: string;
  closed: boolean;
  span: Span;
}

const weekdays = [0, 1, 2, 3, 4, 5, 6] as const;
const defaultSpan = (): Span => ({ start: '08:00', end: '18:00' });

function daysOf(weekly: readonly WeeklyInterval[]): Day[] {
  return weekdays.map((weekday) => {
    const spans = weekly
      .filter((w) => w.weekday === weekday)
      .sort((a, b) => a.startMinute - b.startMinute)
      .slice(0, 2)
      .map((w) => ({ start: clockOf(w.startMinute), end: clockOf(w.endMinute) }));
    return spans.length === 0 ? { closed: true, spans: [defaultSpan()] } : { closed: false, spans };
  });
}

const exceptionsOf = (list: readonly DayException[]): Exception[] =>
  list.map((e) => ({
    day: e.day,
    closed: e.hours === null,
    span: e.hours === null ? defaultSpan() : { start: clockOf(e.hours.startMinute), end: clockOf(e.hours.endMinute) },
  }));

const interval = (span: Span) => ({ startMinute: minuteOf(span.start), endMinute: minuteOf(span.end) });

function SpanFields({ id, span, onChange }: { id: string; span: Span; onChange: (span: Span) => void }) {
  const { t } = useTranslation('provider');
  return (
    <div className="provider-span">
      <div>
        <label htmlFor={`${id}-start`}>{t('provider:hours.start')}</label>
        <input
          id={`${id}-start`}
          type="time"
          required
          value={span.start}
          onChange={(e) => onChange({ ...span, start: e.target.value })}
        />
      </div>
      <div>
        <label htmlFor={`${id}-end`}>{t('provider:hours.end')}</label>
        <input
          id={`${id}-end`}
          type="time"
          required
          value={span.end}
          onChange={(e) => onChange({ ...span, end: e.target.value })}
        />
      </div>
    </div>
  );
}

function DayFields({ weekday, day, onChange }: { weekday: number; day: Day; onChange: (day: Day) => void }) {
  const { t } = useTranslation('provider');
  return (
    <fieldset className="provider-day">
      <legend>{t(`provider:weekday.${String(weekday)}`)}</legend>
      <label className="choice">
        <input type="checkbox" checked={day.closed} onChange={(e) => onChange({ ...day, closed: e.target.checked })} />
        {t('provider:hours.closed')}
      </label>
      {day.closed
        ? null
        : day.spans.map((span, i) => (
            <SpanFields
              key={i}
              id={`day-${String(weekday)}-${String(i)}`}
              span={span}
              onChange={(s) => onChange({ ...day, spans: day.spans.map((x, j) => (j === i ? s : x)) })}
            />
          ))}
      {day.closed ? null : day.spans.length === 1 ? (
        <button
          type="button"
          className="button secondary"
          onClick={() => onChange({ ...day, spans: [...day.spans, { start: '14:00', end: '18:00' }] })}
        >
          {t('provider:hours.addSpan')}
        </button>
      ) : (
        <button
          type="button"
          className="button secondary"
          onClick={() => onChange({ ...day, spans: day.spans.slice(0, 1) })}
        >
          {t('provider:hours.removeSpan')}
        </button>
      )}
    </fieldset>
  );
}

export function Availability({ profile }: { profile: MyProfile }) {
  const { t, i18n } = useTranslation('provider');
  const queryClient = useQueryClient();
  const [days, setDays] = useState<Day[]>(() => daysOf(profile.weekly));
  const [exceptions, setExceptions] = useState<Exception[]>(() => exceptionsOf(profile.exceptions));
  const [saved, setSaved] = useState(false);
  const setDay = (weekday: number, day: Day): void => {
    setSaved(false);
    setDays(days.map((d, i) => (i === weekday ? day : d)));
  };
  const setException = (index: number, e: Exception | null): void => {
    setSaved(false);
    setExceptions(
      e === null ? exceptions.filter((_, i) => i !== index) : exceptions.map((x, i) => (i === index ? e : x)),
    );
  };
  const save = useMutation({
    mutationFn: () =>
      saveAvailability(
        days.flatMap((d, weekday) => (d.closed ? [] : d.spans.map((s) => ({ weekday, ...interval(s) })))),
        exceptions.map((e) => ({ day: e.day, hours: e.closed ? null : interval(e.span) })),
      ),
    onSuccess: async () => {
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ['provider', 'profile'] });
    },
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  }
  return (
    <form className="form provider-form" onSubmit={submit} aria-labelledby="hours-title" data-testid="hours-form">
      <h2 id="hours-title">{t('provider:hours.title')}</h2>
      {days.map((day, weekday) => (
        <DayFields key={weekday} weekday={weekday} day={day} onChange={(d) => setDay(weekday, d)} />
      ))}
      <h3>{t('provider:hours.exceptions')}</h3>
      {exceptions.length === 0 ? <p className="muted">{t('provider:hours.noException')}</p> : null}
      {exceptions.map((e, index) => (
        <fieldset key={index} className="provider-day">
          <legend>{t('provider:hours.exception', { n: index + 1 })}</legend>
          <label htmlFor={`exception-${String(index)}-day`}>{t('provider:hours.day')}</label>
          <input
            id={`exception-${String(index)}-day`}
            type="date"
            required
            value={e.day}
            onChange={(x) => setException(index, { ...e, day: x.target.value })}
          />
          <label className="choice">
            <input
              type="checkbox"
              checked={e.closed}
              onChange={(x) => setException(index, { ...e, closed: x.target.checked })}
            />
            {t('provider:hours.closed')}
          </label>
          {e.closed ? null : (
            <SpanFields
              id={`exception-${String(index)}`}
              span={e.span}
              onChange={(span) => setException(index, { ...e, span })}
            />
          )}
          <button type="button" className="button secondary" onClick={() => setException(index, null)}>
            {t('provider:hours.removeException')}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="button secondary"
        onClick={() => setExceptions([...exceptions, { day: '', closed: true, span: defaultSpan() }])}
      >
        {t('provider:hours.addException')}
      </button>
      {save.isError ? (
        <p className="error" role="alert">
          {problemText(t, save.error, i18n.language)}
        </p>
      ) : null}
      {saved ? <p role="status">{t('provider:hours.saved')}</p> : null}
      <button type="submit" className="button" disabled={save.isPending} aria-busy={save.isPending}>
        {t('provider:hours.save')}
      </button>
    </form>
  );
}
