/**
 * A unit's stay (lazy): pick the nights on the availability calendar, read the cloud's quote (price, and what
 * cancelling gives back until when) BEFORE paying, then hold the dates (the wallet amount is reserved for the
 * partner's hold time) and confirm to pay. Both writes carry the stay's intent key: a double tap books once.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../api/client.js';
import { idempotencyHeaders, settleIntent } from '../../api/intent.js';
import { ShareButton } from '../social/ShareButton.js';
import { Calendar } from './Calendar.js';
import { QuotePanel } from './QuotePanel.js';
import { addDays, calendarQuery, fullDate, quoteQuery, today } from './booking-data.js';
import '../../styles/booking.css';

/** Monday of the week holding `day` (the calendar's first column). */
const mondayOf = (day: string): string => addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));

export function Stay() {
  const { t, i18n } = useTranslation('booking');
  const { unitId } = useParams({ from: '/booking/units/$unitId' });
  const search = useSearch({ from: '/booking/units/$unitId' });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const language = i18n.language;
  const now = today();
  const start = mondayOf(search.checkIn !== undefined && search.checkIn > now ? search.checkIn : now);
  const calendar = useQuery(calendarQuery(unitId, start));
  const guests = search.guests ?? 1;
  const stay =
    search.checkIn !== undefined && search.checkOut !== undefined
      ? { checkIn: search.checkIn, checkOut: search.checkOut, guests }
      : undefined;
  const quote = useQuery({ ...quoteQuery(unitId, stay ?? { checkIn: '', checkOut: '', guests }), enabled: !!stay });
  const intent = stay === undefined ? '' : `stay:${unitId}:${stay.checkIn}:${stay.checkOut}:${String(guests)}`;

  const book = useMutation({
    mutationFn: async () => {
      if (stay === undefined) throw new ApiError('VALIDATION_FAILED', 400);
      const held = await api.POST('/v1/booking/reservations', {
        params: { header: idempotencyHeaders(intent) },
        body: { unitId, ...stay },
      });
      if (held.data === undefined) {
        if (held.response.status < 500) settleIntent(intent);
        throw apiError(held.error, held.response.status);
      }
      return held.data;
    },
  });
  const pay = useMutation({
    mutationFn: async (reservationId: string) => {
      const { data, error, response } = await api.POST('/v1/booking/reservations/{reservationId}/confirm', {
        params: { path: { reservationId } },
      });
      if (data === undefined) throw apiError(error, response.status);
      settleIntent(intent);
      return data;
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['wallet'] });
      await queryClient.invalidateQueries({ queryKey: ['booking'] });
      await navigate({ to: '/booking/reservations' });
    },
  });

  // One request per tap however fast the taps (set before the button re-renders disabled).
  const tapping = useRef(false);
  const once = (run: (done: { onSettled: () => void }) => void): void => {
    if (tapping.current) return;
    tapping.current = true;
    run({
      onSettled: () => {
        tapping.current = false;
      },
    });
  };

  function pick(day: string): void {
    const base = { guests };
    const next =
      search.checkIn === undefined || search.checkOut !== undefined || day <= search.checkIn
        ? { ...base, checkIn: day }
        : { ...base, checkIn: search.checkIn, checkOut: day };
    book.reset();
    void navigate({ to: '/booking/units/$unitId', params: { unitId }, search: next, replace: true });
  }

  const q = quote.data;
  const held = book.data;
  const failure = [book.error, pay.error, quote.error].find((e): e is ApiError => e instanceof ApiError);
  return (
    <section aria-labelledby="stay-title" className="screen">
      <h1 id="stay-title">{q === undefined ? t('booking:stay.title') : q.unit.name}</h1>
      {q === undefined ? null : (
        <p className="muted">{t('booking:stay.kind', { type: q.unit.typeName, place: q.unit.place })}</p>
      )}
      {q === undefined ? null : <ShareButton kind="listing" id={unitId} title={q.unit.name} />}
      <h2 id="calendar-title" className="calendar-title">
        {t('booking:calendar.title')}
      </h2>
      <p className="muted" aria-live="polite">
        {search.checkIn === undefined
          ? t('booking:calendar.pickIn')
          : search.checkOut === undefined
            ? t('booking:calendar.pickOut', { date: fullDate(search.checkIn, language) })
            : t('booking:calendar.chosen', {
                from: fullDate(search.checkIn, language),
                to: fullDate(search.checkOut, language),
              })}
      </p>
      {calendar.data === undefined ? (
        <p>{calendar.isError ? t('booking:stay.error') : t('app.loading')}</p>
      ) : (
        <Calendar
          start={start}
          today={now}
          nights={calendar.data.nights}
          checkIn={search.checkIn}
          checkOut={search.checkOut}
          onPick={pick}
        />
      )}
      {q === undefined ? null : (
        <QuotePanel
          quote={q}
          guests={guests}
          held={held}
          holding={book.isPending}
          paying={pay.isPending}
          onHold={() => once((done) => book.mutate(undefined, done))}
          onPay={(id) => once((done) => pay.mutate(id, done))}
        />
      )}
      {failure === undefined ? null : (
        <p role="alert" className="error">
          {t(`booking:errors.${failure.code}`, { defaultValue: t('booking:errors.other') })}
        </p>
      )}
      <Link to="/booking/reservations">{t('booking:reservations.title')}</Link>
    </section>
  );
}
