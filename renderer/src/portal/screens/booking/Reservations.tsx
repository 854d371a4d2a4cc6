/**
 * My reservations (lazy): each with its status, dates and amount; a held one can be paid, a held or confirmed one
 * cancelled, and the amount that comes back is said before the guest agrees (the cloud's figure under the rules the
 * stay was booked with).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa, formatTime } from '../../../common/format.js';
import { api, apiError } from '../../api/client.js';
import { OfflineMark } from '../OfflineMark.js';
import { RefundSteps } from './RefundSteps.js';
import { ReportProblemLink } from '../support/ReportProblemLink.js';
import { fullDate, reservationsQuery } from './booking-data.js';
import '../../styles/booking.css';

type Action = 'confirm' | 'cancel';

export function Reservations() {
  const { t, i18n } = useTranslation('booking');
  const queryClient = useQueryClient();
  const reservations = useQuery(reservationsQuery);
  const [asking, setAsking] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: async ({ id, action }: { id: string; action: Action }) => {
      const path = { params: { path: { reservationId: id } } };
      const { data, error, response } =
        action === 'confirm'
          ? await api.POST('/v1/booking/reservations/{reservationId}/confirm', path)
          : await api.POST('/v1/booking/reservations/{reservationId}/cancel', path);
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
    onSettled: async () => {
      setAsking(null);
      await queryClient.invalidateQueries({ queryKey: ['booking'] });
      await queryClient.invalidateQueries({ queryKey: ['wallet'] });
    },
  });
  const list = reservations.data?.reservations;
  const language = i18n.language;
  return (
    <section aria-labelledby="reservations-title" className="screen">
      <h1 id="reservations-title">{t('booking:reservations.title')}</h1>
      <OfflineMark updatedAtMs={reservations.dataUpdatedAt} failed={reservations.isError} />
      {list === undefined ? (
        <p>{reservations.isError ? t('booking:reservations.error') : t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p>
          {t('booking:reservations.empty')} <Link to="/booking">{t('booking:search.title')}</Link>
        </p>
      ) : (
        <ul className="unit-list" data-testid="reservations">
          {list.map((r) => (
            <li key={r.id} className="card reservation">
              <h2>{r.unitName}</h2>
              <p className="muted">{r.place}</p>
              <p>
                {t('booking:reservations.dates', {
                  from: fullDate(r.checkIn, language),
                  to: fullDate(r.checkOut, language),
                  count: r.guests,
                })}
              </p>
              <p>
                <span className={`status status-${r.status}`}>{t(`booking:status.${r.status}`)}</span>{' '}
                <strong className="price">{formatFcfa(r.amountXof, language)}</strong>
              </p>
              {r.status === 'held' ? (
                <p className="muted">{t('booking:stay.held', { time: formatTime(r.holdExpiresAt, language) })}</p>
              ) : null}
              {r.status === 'confirmed' || r.status === 'held' ? (
                <details>
                  <summary>{t('booking:rules.title')}</summary>
                  <RefundSteps steps={r.refunds} amountXof={r.amountXof} />
                </details>
              ) : null}
              {r.status === 'held' ? (
                <button
                  type="button"
                  className="button"
                  disabled={act.isPending}
                  onClick={() => act.mutate({ id: r.id, action: 'confirm' })}
                >
                  {t('booking:stay.pay', { amount: formatFcfa(r.amountXof, language) })}
                </button>
              ) : null}
              {(r.status === 'held' || r.status === 'confirmed') && asking !== r.id ? (
                <button type="button" className="button secondary" onClick={() => setAsking(r.id)}>
                  {t('booking:reservations.cancel')}
                </button>
              ) : null}
              {asking === r.id ? (
                <div className="confirm" role="group" aria-labelledby={`cancel-${r.id}`}>
                  <p id={`cancel-${r.id}`}>
                    {t('booking:reservations.cancelQuestion', { amount: formatFcfa(r.refundNowXof, language) })}
                  </p>
                  <button
                    type="button"
                    className="button danger"
                    disabled={act.isPending}
                    onClick={() => act.mutate({ id: r.id, action: 'cancel' })}
                  >
                    {t('booking:reservations.cancelYes')}
                  </button>
                  <button type="button" className="button secondary" onClick={() => setAsking(null)}>
                    {t('booking:reservations.cancelNo')}
                  </button>
                </div>
              ) : null}
              {r.status === 'cancelled' && r.refundCentiCredits !== null ? (
                <p className="muted">{t('booking:reservations.refunded')}</p>
              ) : null}
              <ReportProblemLink type="booking" id={r.id} />
            </li>
          ))}
        </ul>
      )}
      {act.isError ? (
        <p role="alert" className="error">
          {t('booking:errors.other')}
        </p>
      ) : null}
    </section>
  );
}
