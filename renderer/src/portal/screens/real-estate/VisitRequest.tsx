/**
 * "Demander une visite": the listing's free slots grouped by day, an optional message, then the request sent under
 * an idempotency key made once per form (a double tap or a retry after a dropped 3G answer makes one request). A slot
 * taken meanwhile comes back as the cloud's « Ce créneau vient d’être pris » and the slots are read again.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { idempotencyHeaders, settleIntent } from '../../api/intent.js';
import { dayKey, formatDay, formatHour } from '../services/format.js';
import { Refusal } from './Refusal.js';
import { requestVisit, slotsQuery } from './data.js';
import type { Slot } from './types.js';

function byDay(slots: readonly Slot[]): [string, Slot[]][] {
  const days = new Map<string, Slot[]>();
  for (const slot of slots) days.set(dayKey(slot.startsAt), [...(days.get(dayKey(slot.startsAt)) ?? []), slot]);
  return [...days.entries()];
}

export function VisitRequest({ listingId }: { listingId: string }) {
  const { t, i18n } = useTranslation('real-estate');
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [formId] = useState(() => crypto.randomUUID());
  const intent = `real-estate-visit:${formId}`;
  const [slotId, setSlotId] = useState('');
  const [message, setMessage] = useState('');
  const busy = useRef(false);
  const slots = useQuery({ ...slotsQuery(listingId), enabled: open });
  const send = useMutation({
    mutationFn: () =>
      requestVisit(
        { slotId, ...(message.trim() === '' ? {} : { message: message.trim() }) },
        idempotencyHeaders(intent),
      ),
    onSuccess: async () => {
      settleIntent(intent);
      await queryClient.invalidateQueries({ queryKey: ['real-estate', 'visits'] });
    },
    onError: async (error) => {
      // Refused for a reason the person can change (another slot): the next try is a new intent with its own key.
      if (error instanceof ApiError && error.status < 500) settleIntent(intent);
      await queryClient.invalidateQueries({ queryKey: ['real-estate', 'slots', listingId] });
    },
    onSettled: () => {
      busy.current = false;
    },
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (busy.current || slotId === '') return;
    busy.current = true;
    send.mutate();
  }

  if (send.isSuccess)
    return (
      <p role="status" className="card re-done">
        {t('real-estate:visit.sent')} <Link to="/immobilier/visites">{t('real-estate:visits.title')}</Link>
      </p>
    );
  if (!open)
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t('real-estate:visit.ask')}
      </button>
    );
  const free = (slots.data?.slots ?? []).filter((s) => s.free);
  return (
    <form className="form card" onSubmit={submit} aria-labelledby="re-visit-title">
      <h2 id="re-visit-title">{t('real-estate:visit.ask')}</h2>
      {slots.data === undefined ? (
        <p>{slots.isError ? t('real-estate:visit.slotsError') : t('app.loading')}</p>
      ) : free.length === 0 ? (
        <p>{t('real-estate:visit.noSlot')}</p>
      ) : (
        byDay(free).map(([day, daySlots]) => (
          <fieldset key={day} className="re-slots">
            <legend>{formatDay(daySlots[0]?.startsAt ?? day, i18n.language)}</legend>
            {daySlots.map((slot) => (
              <label key={slot.id} className="re-slot">
                <input
                  type="radio"
                  name="re-slot"
                  value={slot.id}
                  checked={slotId === slot.id}
                  onChange={() => setSlotId(slot.id)}
                />
                {t('real-estate:visit.slot', {
                  from: formatHour(slot.startsAt, i18n.language),
                  to: formatHour(slot.endsAt, i18n.language),
                })}
              </label>
            ))}
          </fieldset>
        ))
      )}
      <label htmlFor="re-visit-message">{t('real-estate:visit.message')}</label>
      <textarea
        id="re-visit-message"
        rows={3}
        maxLength={500}
        value={message}
        onChange={(e) => setMessage(e.target.value)}
      />
      <Refusal error={send.error} />
      <button type="submit" className="button" disabled={send.isPending || slotId === ''}>
        {t('real-estate:visit.send')}
      </button>
    </form>
  );
}
