/**
 * One listing's visit slots: the future ones (free or taken, a free one can be removed) and a form that adds several
 * at once — a day, the first start, each visit's length and how many follow one another (09:00, 30 min, 4 → 09:00,
 * 09:30, 10:00, 10:30). Abidjan keeps UTC all year, so the times typed are UTC.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addSlots, deleteSlot, slotsQuery } from './data.js';
import { problemText } from './problem.js';
import { dayAndTime, timeOf, today } from './when.js';

const minuteMs = 60_000;

/** The slots a day, a first start, a length and a count describe; empty when one cannot be read. */
export function slotsOf(day: string, start: string, minutes: number, count: number) {
  const first = Date.parse(`${day}T${start}:00Z`);
  if (Number.isNaN(first) || !Number.isInteger(minutes) || minutes < 10 || !Number.isInteger(count)) return [];
  return Array.from({ length: Math.min(Math.max(count, 0), 50) }, (_, i) => ({
    startsAt: new Date(first + i * minutes * minuteMs).toISOString(),
    endsAt: new Date(first + (i + 1) * minutes * minuteMs).toISOString(),
  }));
}

/** The listing's future slots: free ones can be removed, taken ones say so. */
function SlotList({ listingId }: { listingId: string }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  const queryClient = useQueryClient();
  const slots = useQuery(slotsQuery(listingId));
  const remove = useMutation({
    mutationFn: deleteSlot,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['real-estate', 'slots', listingId] }),
  });
  const language = i18n.language;
  return (
    <>
      {slots.data === undefined ? (
        <p>{slots.isError ? problemText(t, slots.error, language) : t('app.loading')}</p>
      ) : slots.data.length === 0 ? (
        <p className="muted">{t('real-estate-owner:slots.empty')}</p>
      ) : (
        <ul className="reo-slot-list" data-testid="slots">
          {slots.data.map((s) => (
            <li key={s.id}>
              <span>
                {t('real-estate-owner:slots.line', {
                  from: dayAndTime(s.startsAt, language),
                  to: timeOf(s.endsAt, language),
                })}
              </span>
              {s.free ? (
                <button
                  type="button"
                  className="reo-link-button"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(s.id)}
                  aria-label={t('real-estate-owner:slots.deleteOne', { when: dayAndTime(s.startsAt, language) })}
                >
                  {t('real-estate-owner:slots.delete')}
                </button>
              ) : (
                <span className="reo-chip reo-chip-taken">{t('real-estate-owner:slots.taken')}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {remove.isError ? (
        <p className="error" role="alert">
          {problemText(t, remove.error, language)}
        </p>
      ) : null}
    </>
  );
}

export function SlotsEditor({ listingId }: { listingId: string }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  const queryClient = useQueryClient();
  const [day, setDay] = useState(today(new Date(Date.now() + 86_400_000)));
  const [start, setStart] = useState('09:00');
  const [minutes, setMinutes] = useState('30');
  const [count, setCount] = useState('4');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['real-estate', 'slots', listingId] });
  const planned = slotsOf(day, start, Number(minutes), Number(count));
  const add = useMutation({ mutationFn: () => addSlots(listingId, planned), onSuccess: refresh });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!add.isPending && planned.length > 0) add.mutate();
  }
  const language = i18n.language;
  const failure = add.error;
  return (
    <div className="reo-slots">
      <SlotList listingId={listingId} />
      <form className="form reo-slot-form" onSubmit={submit}>
        <fieldset>
          <legend>{t('real-estate-owner:slots.add')}</legend>
          <label htmlFor={`reo-slot-day-${listingId}`}>{t('real-estate-owner:slots.day')}</label>
          <input
            id={`reo-slot-day-${listingId}`}
            type="date"
            required
            min={today()}
            value={day}
            onChange={(e) => setDay(e.target.value)}
          />
          <div className="reo-trio">
            <div>
              <label htmlFor={`reo-slot-start-${listingId}`}>{t('real-estate-owner:slots.start')}</label>
              <input
                id={`reo-slot-start-${listingId}`}
                type="time"
                required
                step={300}
                value={start}
                onChange={(e) => setStart(e.target.value)}
              />
            </div>
            <div>
              <label htmlFor={`reo-slot-minutes-${listingId}`}>{t('real-estate-owner:slots.minutes')}</label>
              <input
                id={`reo-slot-minutes-${listingId}`}
                type="number"
                inputMode="numeric"
                min={10}
                max={240}
                step={5}
                required
                value={minutes}
                onChange={(e) => setMinutes(e.target.value)}
              />
            </div>
            <div>
              <label htmlFor={`reo-slot-count-${listingId}`}>{t('real-estate-owner:slots.count')}</label>
              <input
                id={`reo-slot-count-${listingId}`}
                type="number"
                inputMode="numeric"
                min={1}
                max={50}
                required
                value={count}
                onChange={(e) => setCount(e.target.value)}
              />
            </div>
          </div>
          {planned.length > 0 ? (
            <p className="muted">
              {t('real-estate-owner:slots.preview', {
                n: planned.length,
                from: timeOf(planned[0]?.startsAt ?? '', language),
                to: timeOf(planned.at(-1)?.endsAt ?? '', language),
              })}
            </p>
          ) : null}
          <button type="submit" className="button" disabled={add.isPending || planned.length === 0}>
            {t('real-estate-owner:slots.submit', { n: planned.length })}
          </button>
          {add.isSuccess ? <p role="status">{t('real-estate-owner:slots.added')}</p> : null}
          {failure === null ? null : (
            <p className="error" role="alert">
              {problemText(t, failure, language)}
            </p>
          )}
        </fieldset>
      </form>
    </div>
  );
}
