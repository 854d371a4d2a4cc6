/** Booking search (lazy): place, arrival, departure and guests in the address; free units, cheapest first. */
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { addDays, searchQuery, today } from './booking-data.js';
import '../../styles/booking.css';

export function BookingSearch() {
  const { t, i18n } = useTranslation('booking');
  const search = useSearch({ from: '/booking' });
  const navigate = useNavigate();
  const [place, setPlace] = useState(search.place ?? '');
  const [checkIn, setCheckIn] = useState(search.checkIn ?? addDays(today(), 1));
  const [checkOut, setCheckOut] = useState(search.checkOut ?? addDays(today(), 2));
  const [guests, setGuests] = useState(search.guests ?? 1);
  const ready = search.checkIn !== undefined && search.checkOut !== undefined && search.guests !== undefined;
  const results = useQuery({
    ...searchQuery({
      checkIn: search.checkIn ?? '',
      checkOut: search.checkOut ?? '',
      guests: search.guests ?? 1,
      place: search.place,
    }),
    enabled: ready,
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    void navigate({
      to: '/booking',
      search: { ...(place.trim() === '' ? {} : { place: place.trim() }), checkIn, checkOut, guests },
    });
  }
  const units = results.data?.units;
  return (
    <section aria-labelledby="booking-title" className="screen">
      <h1 id="booking-title">{t('booking:search.title')}</h1>
      <Link to="/booking/reservations" className="button secondary">
        {t('booking:reservations.title')}
      </Link>
      <form role="search" className="form card" onSubmit={submit}>
        <label htmlFor="stay-place">{t('booking:search.place')}</label>
        <input id="stay-place" maxLength={100} value={place} onChange={(e) => setPlace(e.target.value)} />
        <label htmlFor="stay-in">{t('booking:search.checkIn')}</label>
        <input id="stay-in" type="date" min={today()} value={checkIn} onChange={(e) => setCheckIn(e.target.value)} />
        <label htmlFor="stay-out">{t('booking:search.checkOut')}</label>
        <input id="stay-out" type="date" min={checkIn} value={checkOut} onChange={(e) => setCheckOut(e.target.value)} />
        <label htmlFor="stay-guests">{t('booking:search.guests')}</label>
        <input
          id="stay-guests"
          type="number"
          inputMode="numeric"
          min={1}
          max={50}
          value={guests}
          onChange={(e) => setGuests(Math.max(1, Math.min(50, Number(e.target.value) || 1)))}
        />
        <button type="submit" className="button">
          {t('booking:search.go')}
        </button>
      </form>
      {ready ? <OfflineMark updatedAtMs={results.dataUpdatedAt} failed={results.isError} /> : null}
      {!ready ? null : units === undefined ? (
        <p>{results.isError ? t('booking:search.error') : t('app.loading')}</p>
      ) : units.length === 0 ? (
        <p>{t('booking:search.empty')}</p>
      ) : (
        <ul className="unit-list" data-testid="units">
          {units.map((unit) => (
            <li key={unit.id} className="card unit-card">
              <Link
                to="/booking/units/$unitId"
                params={{ unitId: unit.id }}
                search={{
                  ...(search.checkIn === undefined ? {} : { checkIn: search.checkIn }),
                  ...(search.checkOut === undefined ? {} : { checkOut: search.checkOut }),
                  ...(search.guests === undefined ? {} : { guests: search.guests }),
                }}
                className="unit-name"
              >
                {unit.name}
              </Link>
              <span className="muted">
                {t('booking:search.where', { type: unit.typeName, place: unit.place, count: unit.capacity })}
              </span>
              <span className="price">
                {t('booking:search.price', { amount: formatFcfa(unit.stayPriceXof, i18n.language) })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
