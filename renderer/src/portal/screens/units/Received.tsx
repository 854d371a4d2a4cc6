/**
 * The reservations my units received (lazy), arrival first: guest, unit, dates, amount and status. A held one can be
 * confirmed (the guest's money is captured and the invoice issued); a held or confirmed one cancelled, after saying
 * what the guest gets back: cancelled by the partner, the cloud gives the whole stay back.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa, formatTime } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { fullDate } from '../booking/booking-data.js';
import { actOn, receivedQuery } from './data.js';
import '../../styles/units.css';

export function Received() {
  const { t, i18n } = useTranslation('units');
  const language = i18n.language;
  const queryClient = useQueryClient();
  const reservations = useQuery(receivedQuery);
  const [asking, setAsking] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'confirm' | 'cancel' }) => actOn(id, action),
    onSettled: async () => {
      setAsking(null);
      await queryClient.invalidateQueries({ queryKey: ['units'] });
    },
  });
  const list = reservations.data;
  return (
    <section aria-labelledby="received-title" className="screen units">
      <h1 id="received-title">{t('units:reservations.title')}</h1>
      <OfflineMark updatedAtMs={reservations.dataUpdatedAt} failed={reservations.isError} />
      {list === undefined ? (
        <p>{reservations.isError ? t('units:reservations.error') : t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('units:reservations.empty')}</p>
      ) : (
        <ul className="units-grid" data-testid="received">
          {list.map((r) => (
            <li key={r.id} className="card">
              <h2>{r.unitName}</h2>
              <p>
                <span className={`status status-${r.status}`}>{t(`units:status.${r.status}`)}</span>{' '}
                <strong className="price">{formatFcfa(r.amountXof, language)}</strong>
              </p>
              <p>{t('units:reservations.guest', { name: r.clientName, count: r.guests })}</p>
              <p>
                {t('units:reservations.dates', {
                  from: fullDate(r.checkIn, language),
                  to: fullDate(r.checkOut, language),
                })}
              </p>
              {r.status === 'held' ? (
                <p className="muted">
                  {t('units:reservations.heldUntil', { time: formatTime(r.holdExpiresAt, language) })}
                </p>
              ) : null}
              <div className="units-actions">
                {r.status === 'held' ? (
                  <button
                    type="button"
                    className="button"
                    disabled={act.isPending}
                    onClick={() => act.mutate({ id: r.id, action: 'confirm' })}
                  >
                    {t('units:reservations.confirm')}
                  </button>
                ) : null}
                {(r.status === 'held' || r.status === 'confirmed') && asking !== r.id ? (
                  <button type="button" className="button secondary" onClick={() => setAsking(r.id)}>
                    {t('units:reservations.cancel')}
                  </button>
                ) : null}
              </div>
              {asking === r.id ? (
                <div className="confirm" role="group" aria-labelledby={`cancel-${r.id}`}>
                  <p id={`cancel-${r.id}`}>
                    {t('units:reservations.cancelQuestion', {
                      amount: formatFcfa(r.refundIfCancelledXof, language),
                    })}
                  </p>
                  <div className="units-actions">
                    <button
                      type="button"
                      className="button danger"
                      disabled={act.isPending}
                      onClick={() => act.mutate({ id: r.id, action: 'cancel' })}
                    >
                      {t('units:reservations.cancelYes')}
                    </button>
                    <button type="button" className="button secondary" onClick={() => setAsking(null)}>
                      {t('units:reservations.cancelNo')}
                    </button>
                  </div>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {act.isError ? (
        <p role="alert" className="error">
          {t('units:reservations.failed')}
        </p>
      ) : null}
      <Link to="/units">{t('units:list.title')}</Link>
    </section>
  );
}
