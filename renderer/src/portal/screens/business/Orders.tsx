/**
 * A partner's orders to fulfil (lazy): one tab per status with its count, newest first, each order with its buyer,
 * first line, total and date; a tap opens the order and its next step.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { fulfilmentListQuery, orderStatuses } from './data.js';
import '../../styles/business.css';

export function BusinessOrders() {
  const { t, i18n } = useTranslation('business');
  const { status } = useSearch({ from: '/business/orders' });
  const orders = useQuery(fulfilmentListQuery(status));
  const language = i18n.language;
  const counts = orders.data?.counts as Record<string, number> | undefined;
  const list = orders.data?.orders;
  return (
    <section aria-labelledby="orders-title" className="screen business">
      <h1 id="orders-title">{t('business:orders.title')}</h1>
      <OfflineMark updatedAtMs={orders.dataUpdatedAt} failed={orders.isError} />
      <nav aria-label={t('business:orders.filter')}>
        <ul className="status-tabs">
          <li>
            <Link
              to="/business/orders"
              search={{}}
              activeOptions={{ exact: true }}
              aria-current={status === undefined ? 'page' : undefined}
            >
              {t('business:orders.all')}
            </Link>
          </li>
          {orderStatuses.map((s) => (
            <li key={s}>
              <Link
                to="/business/orders"
                search={{ status: s }}
                activeOptions={{ exact: true }}
                aria-current={status === s ? 'page' : undefined}
              >
                {t(`business:status.${s}`)}
                {counts === undefined ? null : <span className="count"> ({counts[s] ?? 0})</span>}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {list === undefined ? (
        <p>{orders.isError ? t('business:orders.error') : t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('business:orders.empty')}</p>
      ) : (
        <ul className="business-list" data-testid="business-orders">
          {list.map((order) => (
            <li key={order.id} className="card business-row">
              <Link to="/business/orders/$orderId" params={{ orderId: order.id }} className="row-title">
                {order.lines > 1
                  ? t('business:orders.andMore', { label: order.firstLabel, count: order.lines - 1 })
                  : order.firstLabel}
              </Link>
              <span className={`pill pill-${order.status}`}>{t(`business:status.${order.status}`)}</span>
              <span className="muted">{order.buyerName}</span>
              <span className="amount">{formatFcfa(order.totalXof, language)}</span>
              <time className="muted" dateTime={order.placedAt}>
                {formatDateTime(order.placedAt, language)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
