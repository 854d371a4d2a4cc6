/**
 * Direct booking of a fixed-price offer: the provider's free slots for the next two weeks (computed by the cloud in
 * the provider's time zone), grouped by day; a chosen slot opens the confirmation with the price, the amount held and
 * the auto-release rule BEFORE paying. The booking carries one idempotency key per offer and slot: a double tap books
 * once.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { Refusal } from './Refusal.js';
import { idempotencyHeaders, settleIntent } from '../../api/intent.js';
import { ReleaseRule } from './ReleaseRule.js';
import { bookOffer, slotsQuery } from './data.js';
import { dayKey, formatDay, formatHour, formatShortDay, formatSlot } from './format.js';
import type { Offer } from './types.js';

interface Props {
  readonly providerId: string;
  readonly offer: Offer;
  readonly autoReleaseDays: number;
  readonly timeZone: string;
}

export function BookOffer({ providerId, offer, autoReleaseDays, timeZone }: Props) {
  const { t, i18n } = useTranslation('services');
  const language = i18n.language;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [from] = useState(() => new Date().toISOString().slice(0, 10));
  const slots = useQuery(slotsQuery(providerId, offer.id, from));
  const [chosen, setChosen] = useState<string | null>(null);
  const [day, setDay] = useState<string | null>(null);
  const intent = `services-book:${offer.id}:${chosen ?? ''}`;
  const busy = useRef(false);
  const book = useMutation({
    mutationFn: async (startsAt: string) => {
      try {
        return await bookOffer(offer.id, startsAt, idempotencyHeaders(intent));
      } catch (error) {
        if (error instanceof ApiError && error.status < 500) settleIntent(intent);
        throw error;
      }
    },
    onSuccess: async (appointment) => {
      settleIntent(intent);
      await queryClient.invalidateQueries({ queryKey: ['wallet'] });
      await queryClient.invalidateQueries({ queryKey: ['services'] });
      await navigate({ to: '/services/appointments/$appointmentId', params: { appointmentId: appointment.id } });
    },
    onSettled: () => {
      busy.current = false;
    },
  });

  const days = new Map<string, string[]>();
  for (const slot of slots.data?.slots ?? []) {
    const key = dayKey(slot.startsAt, timeZone);
    days.set(key, [...(days.get(key) ?? []), slot.startsAt]);
  }
  // One day's times at a time: a provider open all day offers dozens a day over two weeks.
  const shownDay = day !== null && days.has(day) ? day : ([...days.keys()][0] ?? null);
  const shownStarts = shownDay === null ? [] : (days.get(shownDay) ?? []);
  const failure = book.error instanceof ApiError ? book.error : undefined;
  return (
    <section className="card book-offer" aria-labelledby={`book-${offer.id}`}>
      <h3 id={`book-${offer.id}`}>{t('services:book.title', { title: offer.title })}</h3>
      {slots.data === undefined ? (
        <p>{slots.isError ? t('services:book.error') : t('app.loading')}</p>
      ) : days.size === 0 ? (
        <p>{t('services:book.none')}</p>
      ) : (
        <>
          <div role="group" aria-label={t('services:book.days')} className="chips">
            {[...days.entries()].map(([key, starts]) => (
              <button
                key={key}
                type="button"
                className="chip"
                aria-pressed={key === shownDay}
                onClick={() => setDay(key)}
              >
                {formatShortDay(starts[0] ?? '', language, timeZone)}
              </button>
            ))}
          </div>
          <fieldset className="slot-day">
            <legend>{formatDay(shownStarts[0] ?? '', language, timeZone)}</legend>
            <div className="slot-list">
              {shownStarts.map((s) => (
                <label key={s} className="slot">
                  <input
                    type="radio"
                    name={`slot-${offer.id}`}
                    value={s}
                    checked={chosen === s}
                    onChange={() => {
                      book.reset();
                      setChosen(s);
                    }}
                  />
                  {formatHour(s, language, timeZone)}
                </label>
              ))}
            </div>
          </fieldset>
        </>
      )}
      {chosen === null || offer.priceXof === null ? null : (
        <div className="confirm-panel" aria-live="polite">
          <h4>{t('services:book.confirmTitle')}</h4>
          <p>{t('services:book.when', { when: formatSlot(chosen, language, timeZone) })}</p>
          <ReleaseRule amountXof={offer.priceXof} autoReleaseDays={autoReleaseDays} />
          <button
            type="button"
            className="button"
            disabled={book.isPending}
            onClick={() => {
              if (busy.current) return;
              busy.current = true;
              book.mutate(chosen);
            }}
          >
            {t('services:book.pay')}
          </button>
        </div>
      )}
      <Refusal error={failure} />
    </section>
  );
}
