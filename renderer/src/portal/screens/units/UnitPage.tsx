/**
 * One unit (lazy): its details to edit, and its rates calendar: a month grid with each night's price (its dated
 * rate, or the base price), the nights guests booked and the nights closed, then for a range of nights: one price,
 * close them or reopen them (the nights guests booked stay theirs, and the screen says how many). Months move with
 * the previous and next buttons; the grid is a plain table (read), the range form is where prices change.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { ApiError } from '../../api/client.js';
import { fullDate, today } from '../booking/booking-data.js';
import { UnitForm } from './UnitForm.js';
import { closeRange, fcfaOf, monthDays, monthNightsQuery, nextMonth, setRange, unitsQuery } from './data.js';
import '../../styles/units.css';

const locale = (language: string): string => (language === 'en' ? 'en-GB' : 'fr-CI');
const actions = ['price', 'close', 'reopen'] as const;
type Action = (typeof actions)[number];

function MonthGrid({ unitId, month }: { unitId: string; month: string }) {
  const { t, i18n } = useTranslation('units');
  const language = i18n.language;
  const nights = useQuery(monthNightsQuery(unitId, month));
  const { first } = monthDays(month);
  const title = new Intl.DateTimeFormat(locale(language), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${first}T00:00:00Z`),
  );
  if (nights.data === undefined) return <p>{nights.isError ? t('units:rates.error') : t('app.loading')}</p>;
  // Blank cells before the 1st, so that Monday is the first column.
  const lead = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7;
  const cells = [...Array.from({ length: lead }, () => null), ...nights.data];
  const weeks = Array.from({ length: Math.ceil(cells.length / 7) }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  const weekdays = Array.from({ length: 7 }, (_, i) => {
    const d = new Date(Date.UTC(2024, 0, 1 + i));
    const f = (weekday: 'short' | 'long') =>
      new Intl.DateTimeFormat(locale(language), { weekday, timeZone: 'UTC' }).format(d);
    return { short: f('short'), long: f('long') };
  });
  const number = new Intl.NumberFormat(locale(language), { maximumFractionDigits: 0 });
  return (
    <table className="rates-grid" data-testid="rates-grid">
      <caption>{t('units:rates.caption', { month: title })}</caption>
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
        {weeks.map((week, w) => (
          <tr key={w}>
            {week.map((n, i) =>
              n === null ? (
                <td key={`blank-${String(i)}`} />
              ) : (
                <td key={n.night} className={n.state}>
                  <span className="visually-hidden">
                    {t('units:rates.day', {
                      date: fullDate(n.night, language),
                      price: formatFcfa(n.priceXof, language),
                      state: n.state === 'free' ? '' : t(`units:rates.${n.state}`),
                    })}
                  </span>
                  <span aria-hidden="true" className="rates-day">
                    {Number(n.night.slice(8))}
                  </span>
                  <span aria-hidden="true" className="rates-price">
                    {n.state === 'closed' ? t('units:rates.closedShort') : number.format(n.priceXof)}
                  </span>
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RangeForm({ unitId, start }: { unitId: string; start: string }) {
  const { t, i18n } = useTranslation('units');
  const queryClient = useQueryClient();
  const [from, setFrom] = useState(start);
  const [to, setTo] = useState(start);
  const [price, setPrice] = useState('');
  const [action, setAction] = useState<Action>('price');
  const [done, setDone] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: async (): Promise<string> => {
      const range = { from: fullDate(from, i18n.language), to: fullDate(to, i18n.language) };
      if (!(to >= from)) throw new ApiError('VALIDATION_FAILED', 400);
      if (action !== 'price') {
        const booked = await closeRange(unitId, from, to, action === 'close');
        const said = t(`units:rates.${action === 'close' ? 'closedDone' : 'reopenedDone'}`, range);
        return booked.length === 0 ? said : `${said} ${t('units:rates.keptBooked', { count: booked.length })}`;
      }
      const priceXof = fcfaOf(price);
      if (Number.isNaN(priceXof)) throw new ApiError('VALIDATION_FAILED', 400);
      await setRange(unitId, from, to, priceXof);
      return t('units:rates.done', { ...range, amount: formatFcfa(priceXof, i18n.language) });
    },
    onSuccess: async (said) => {
      await queryClient.invalidateQueries({ queryKey: ['units', 'nights', unitId] });
      setDone(said);
    },
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    setDone(null);
    if (!save.isPending) save.mutate();
  }
  return (
    <form className="form units-form" onSubmit={submit} data-testid="rates-form">
      <h3>{t('units:rates.rangeTitle')}</h3>
      <label htmlFor="rate-from">{t('units:rates.from')}</label>
      <input id="rate-from" type="date" required min={today()} value={from} onChange={(e) => setFrom(e.target.value)} />
      <label htmlFor="rate-to">{t('units:rates.to')}</label>
      <input id="rate-to" type="date" required min={from} value={to} onChange={(e) => setTo(e.target.value)} />
      <fieldset className="units-choices">
        <legend>{t('units:rates.action')}</legend>
        {actions.map((a) => (
          <label key={a}>
            <input type="radio" name="rate-action" value={a} checked={action === a} onChange={() => setAction(a)} />{' '}
            {t(`units:rates.actions.${a}`)}
          </label>
        ))}
      </fieldset>
      {action === 'price' ? (
        <>
          <label htmlFor="rate-price">{t('units:rates.price')}</label>
          <input
            id="rate-price"
            inputMode="numeric"
            required
            autoComplete="off"
            value={price}
            onChange={(e) => setPrice(e.target.value)}
          />
        </>
      ) : null}
      {save.isError ? (
        <p className="error" role="alert">
          {save.error instanceof ApiError && save.error.status === 400
            ? t('units:rates.invalid')
            : t('units:form.failed')}
        </p>
      ) : null}
      {done === null ? null : <p role="status">{done}</p>}
      <button type="submit" className="button" disabled={save.isPending} aria-busy={save.isPending}>
        {t(`units:rates.apply.${action}`)}
      </button>
    </form>
  );
}

export function UnitPage() {
  const { t, i18n } = useTranslation('units');
  const { unitId } = useParams({ from: '/units/$unitId' });
  const units = useQuery(unitsQuery);
  const unit = units.data?.find((u) => u.id === unitId);
  const [month, setMonth] = useState(today().slice(0, 7));
  const monthName = (m: string) =>
    new Intl.DateTimeFormat(locale(i18n.language), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${m}-01T00:00:00Z`),
    );
  if (unit === undefined)
    return (
      <section aria-labelledby="unit-title" className="screen units">
        <h1 id="unit-title">{t('units:unit.title')}</h1>
        <p>{units.isPending ? t('app.loading') : t('units:unit.missing')}</p>
        <Link to="/units">{t('units:list.title')}</Link>
      </section>
    );
  const thisMonth = today().slice(0, 7);
  return (
    <section aria-labelledby="unit-title" className="screen units">
      <h1 id="unit-title">{unit.name}</h1>
      <div className="units-columns">
        <div>
          <h2>{t('units:unit.details')}</h2>
          <UnitForm key={unit.id} unit={unit} />
        </div>
        <div>
          <h2 id="rates-title">{t('units:rates.title')}</h2>
          <p className="muted">{t('units:rates.explain', { amount: formatFcfa(unit.basePriceXof, i18n.language) })}</p>
          <div className="rates-months">
            {month > thisMonth ? (
              <button type="button" className="button secondary" onClick={() => setMonth(nextMonth(month, -1))}>
                {t('units:rates.previous', { month: monthName(nextMonth(month, -1)) })}
              </button>
            ) : null}
            <button type="button" className="button secondary" onClick={() => setMonth(nextMonth(month, 1))}>
              {t('units:rates.next', { month: monthName(nextMonth(month, 1)) })}
            </button>
          </div>
          <MonthGrid unitId={unit.id} month={month} />
          <RangeForm key={month} unitId={unit.id} start={month === thisMonth ? today() : `${month}-01`} />
        </div>
      </div>
      <p>
        <Link to="/units/reservations">{t('units:reservations.title')}</Link> ·{' '}
        <Link to="/units">{t('units:list.title')}</Link>
      </p>
    </section>
  );
}
