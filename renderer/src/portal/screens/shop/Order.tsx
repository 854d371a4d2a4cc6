/**
 * One order (lazy): its lines and total, its timeline (placed, confirmed, shipped, delivered or cancelled, each with
 * its time), the invoice PDF once issued, cancelling before shipping, and the way to review once delivered.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { api, apiError } from '../../api/client.js';
import { OfflineMark } from '../OfflineMark.js';
import { downloadInvoicePdf, orderQuery } from './shop-data.js';
import { Timeline } from './Timeline.js';
import { ReportProblemLink } from '../support/ReportProblemLink.js';
import '../../styles/shop.css';

export function Order() {
  const { t, i18n } = useTranslation('shop');
  const { orderId } = useParams({ from: '/shop/orders/$orderId' });
  const order = useQuery(orderQuery(orderId));
  const queryClient = useQueryClient();
  const [pdfFailed, setPdfFailed] = useState(false);
  const [asking, setAsking] = useState(false);
  const cancel = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.POST('/v1/shop/orders/{orderId}/cancel', {
        params: { path: { orderId } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
    onSuccess: async (data) => {
      queryClient.setQueryData(orderQuery(orderId).queryKey, data);
      setAsking(false);
      await queryClient.invalidateQueries({ queryKey: ['wallet'] });
      await queryClient.invalidateQueries({ queryKey: ['shop', 'orders'] });
    },
  });
  const o = order.data;
  const language = i18n.language;
  if (o === undefined)
    return (
      <section aria-labelledby="order-title" className="screen">
        <h1 id="order-title">{t('shop:order.title')}</h1>
        <p>{order.isError ? t('shop:order.error') : t('app.loading')}</p>
      </section>
    );
  const invoiceId = o.invoiceId;
  return (
    <section aria-labelledby="order-title" className="screen">
      <h1 id="order-title">{t('shop:order.title')}</h1>
      <OfflineMark updatedAtMs={order.dataUpdatedAt} failed={order.isError} />
      <div className="card">
        <ul className="cart-lines">
          {o.items.map((item) => (
            <li key={item.productId} className="order-line">
              <span>{t('shop:order.line', { label: item.label, count: item.quantity })}</span>
              <span className="price">{formatFcfa(item.unitPriceXof * item.quantity, language)}</span>
            </li>
          ))}
        </ul>
        <p className="total">
          {t('shop:order.total')} <strong data-testid="order-total">{formatFcfa(o.totalXof, language)}</strong>
        </p>
        <p className="muted">{t(`shop:cart.deliveries.${o.delivery}`)}</p>
      </div>
      <Timeline status={o.status} history={o.history} tracking={o.tracking} />
      {invoiceId === null ? null : (
        <button
          type="button"
          className="button secondary"
          onClick={() =>
            void downloadInvoicePdf(invoiceId, `facture-${o.id.slice(0, 8)}.pdf`).then(
              () => setPdfFailed(false),
              () => setPdfFailed(true),
            )
          }
        >
          {t('shop:order.invoice')}
        </button>
      )}
      {pdfFailed ? (
        <p role="alert" className="error">
          {t('shop:order.invoiceError')}
        </p>
      ) : null}
      {o.status === 'delivered' ? (
        <Link to="/shop/orders/$orderId/review" params={{ orderId }} className="button">
          {t('shop:order.review')}
        </Link>
      ) : null}
      {o.status === 'pending' || o.status === 'confirmed' ? (
        asking ? (
          <div className="card confirm" role="group" aria-labelledby="cancel-question">
            <p id="cancel-question">{t('shop:order.cancelQuestion', { amount: formatFcfa(o.totalXof, language) })}</p>
            <button type="button" className="button danger" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
              {t('shop:order.cancelYes')}
            </button>
            <button type="button" className="button secondary" onClick={() => setAsking(false)}>
              {t('shop:order.cancelNo')}
            </button>
          </div>
        ) : (
          <button type="button" className="button secondary" onClick={() => setAsking(true)}>
            {t('shop:order.cancel')}
          </button>
        )
      ) : null}
      {cancel.isError ? (
        <p role="alert" className="error">
          {t('shop:errors.other')}
        </p>
      ) : null}
      <ReportProblemLink type="order" id={orderId} />
    </section>
  );
}
