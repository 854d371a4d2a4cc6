/**
 * One order a partner received (lazy): its lines, buyer, delivery mode and timeline, and the one next step the order
 * allows: confirm (payment captured, invoice issued), ship with a tracking reference, deliver. If someone else moved
 * the order meanwhile (409) the screen says so and shows the order as it now is.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { ApiError } from '../../api/client.js';
import { OfflineMark } from '../OfflineMark.js';
import { fulfilmentOrderQuery, moveOrder, type Move } from './data.js';
import '../../styles/business.css';

const trackingMax = 100;

export function FulfilOrder() {
  const { t, i18n } = useTranslation('business');
  const { orderId } = useParams({ from: '/business/orders/$orderId' });
  const order = useQuery(fulfilmentOrderQuery(orderId));
  const queryClient = useQueryClient();
  const [tracking, setTracking] = useState('');
  const move = useMutation({
    mutationFn: (step: Move) => moveOrder(orderId, step, tracking.trim()),
    onSuccess: async (data) => {
      queryClient.setQueryData(fulfilmentOrderQuery(orderId).queryKey, data);
      await queryClient.invalidateQueries({ queryKey: ['business', 'orders'] });
    },
    onError: async () => queryClient.invalidateQueries({ queryKey: fulfilmentOrderQuery(orderId).queryKey }),
  });
  const o = order.data;
  const language = i18n.language;
  if (o === undefined)
    return (
      <section aria-labelledby="fulfil-title" className="screen business">
        <h1 id="fulfil-title">{t('business:order.title')}</h1>
        <p>{order.isError ? t('business:order.error') : t('app.loading')}</p>
      </section>
    );
  const at = new Map(o.history.map((h) => [h.status, h.at]));
  const ship = (event: FormEvent) => {
    event.preventDefault();
    if (tracking.trim() !== '') move.mutate('ship');
  };
  const conflict = move.error instanceof ApiError && move.error.status === 409;
  return (
    <section aria-labelledby="fulfil-title" className="screen business">
      <h1 id="fulfil-title">{t('business:order.title')}</h1>
      <OfflineMark updatedAtMs={order.dataUpdatedAt} failed={order.isError} />
      <div className="business-grid">
        <div className="card">
          <p className="order-head">
            <span className={`pill pill-${o.status}`} data-testid="fulfil-status">
              {t(`business:status.${o.status}`)}
            </span>
            <span>{t('business:order.buyer', { name: o.buyerName })}</span>
          </p>
          <ul className="business-lines">
            {o.items.map((item) => (
              <li key={item.productId}>
                <span>{t('business:order.line', { label: item.label, count: item.quantity })}</span>
                <span className="amount">{formatFcfa(item.unitPriceXof * item.quantity, language)}</span>
              </li>
            ))}
          </ul>
          <p className="total">
            {t('business:order.total')} <strong>{formatFcfa(o.totalXof, language)}</strong>
          </p>
          <p className="muted">{t(`business:delivery.${o.delivery}`)}</p>
          {o.tracking === null ? null : (
            <p data-testid="fulfil-tracking">{t('business:order.tracking', { tracking: o.tracking })}</p>
          )}
        </div>
        <div className="card">
          <h2>{t('business:order.steps')}</h2>
          <ol className="business-steps">
            {(['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'] as const)
              .filter((s) => at.has(s))
              .map((s) => (
                <li key={s}>
                  <span>{t(`business:status.${s}`)}</span>
                  <time className="muted" dateTime={at.get(s)}>
                    {formatDateTime(at.get(s) ?? '', language)}
                  </time>
                </li>
              ))}
          </ol>
          {o.status === 'pending' ? (
            <button type="button" className="button" disabled={move.isPending} onClick={() => move.mutate('confirm')}>
              {t('business:order.confirm')}
            </button>
          ) : null}
          {o.status === 'confirmed' ? (
            <form className="form" onSubmit={ship}>
              <label htmlFor="tracking">{t('business:order.trackingLabel')}</label>
              <input
                id="tracking"
                value={tracking}
                maxLength={trackingMax}
                required
                autoComplete="off"
                onChange={(e) => setTracking(e.target.value.replace(/[\r\n]/g, ''))}
              />
              <button type="submit" className="button" disabled={move.isPending || tracking.trim() === ''}>
                {t('business:order.ship')}
              </button>
            </form>
          ) : null}
          {o.status === 'confirmed' || o.status === 'shipped' ? (
            <button
              type="button"
              className={o.status === 'shipped' ? 'button' : 'button secondary'}
              disabled={move.isPending}
              onClick={() => move.mutate('deliver')}
            >
              {t('business:order.deliver')}
            </button>
          ) : null}
          {move.isError ? (
            <p role="alert" className="error">
              {conflict ? t('business:order.conflict') : t('business:order.failed')}
            </p>
          ) : null}
        </div>
      </div>
      <Link to="/business/orders" search={{}}>
        {t('business:order.back')}
      </Link>
    </section>
  );
}
