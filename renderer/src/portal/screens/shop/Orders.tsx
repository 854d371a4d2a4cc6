/** My orders, newest first, each with its status, total and date (lazy). */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { ordersQuery } from './shop-data.js';
import '../../styles/shop.css';

export function Orders() {
  const { t, i18n } = useTranslation('shop');
  const orders = useQuery(ordersQuery);
  const list = orders.data?.orders;
  const language = i18n.language;
  return (
    <section aria-labelledby="orders-title" className="screen">
      <h1 id="orders-title">{t('shop:orders.title')}</h1>
      <OfflineMark updatedAtMs={orders.dataUpdatedAt} failed={orders.isError} />
      {list === undefined ? (
        <p>{orders.isError ? t('shop:orders.error') : t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p>
          {t('shop:orders.empty')} <Link to="/shop">{t('shop:catalog.title')}</Link>
        </p>
      ) : (
        <ul className="order-list" data-testid="orders">
          {list.map((order) => (
            <li key={order.id} className="card order-card">
              <Link to="/shop/orders/$orderId" params={{ orderId: order.id }} className="product-name">
                {order.lines > 1
                  ? t('shop:orders.andMore', { label: order.firstLabel, count: order.lines - 1 })
                  : order.firstLabel}
              </Link>
              <span className={`status status-${order.status}`}>{t(`shop:status.${order.status}`)}</span>
              <span className="price">{formatFcfa(order.totalXof, language)}</span>
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
