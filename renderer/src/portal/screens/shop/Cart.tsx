/**
 * The device cart and checkout (lazy): one order per seller, paid from the wallet. The browser sends only products
 * and quantities; the cloud prices them and holds the amount. Each checkout has its intent key: a double tap or a
 * retry after a dropped answer orders once.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { api, apiError, ApiError } from '../../api/client.js';
import { idempotencyHeaders, settleIntent } from '../../api/intent.js';
import { checkoutIntentId, quantityMax, removeLines, setQuantity, useCart, type CartLine } from './cart.js';
import '../../styles/shop.css';

const deliveries = ['pickup', 'own_delivery', 'courier'] as const;
type Delivery = (typeof deliveries)[number];

function SellerCheckout({ lines, index }: { lines: readonly CartLine[]; index: number }) {
  const { t, i18n } = useTranslation('shop');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [delivery, setDelivery] = useState<Delivery>('pickup');
  const language = i18n.language;
  const estimateXof = lines.reduce((sum, l) => sum + l.priceXof * l.quantity, 0);
  const checkout = useMutation({
    mutationFn: async () => {
      const intent = checkoutIntentId(lines);
      const { data, error, response } = await api.POST('/v1/shop/orders', {
        params: { header: idempotencyHeaders(intent) },
        body: { items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })), delivery },
      });
      // Answered for good either way: a refusal will not change by sending the same cart again.
      if (response.status < 500) settleIntent(intent);
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
    onSuccess: async (order) => {
      removeLines(lines.map((l) => l.productId));
      await queryClient.invalidateQueries({ queryKey: ['wallet'] });
      await queryClient.invalidateQueries({ queryKey: ['shop', 'orders'] });
      await navigate({ to: '/shop/orders/$orderId', params: { orderId: order.id } });
    },
  });
  // Set in the tap itself, before the button re-renders disabled: a double tap sends one request (the intent key
  // would make a second one harmless, this spares the 3G round trip).
  const tapping = useRef(false);
  const pay = (): void => {
    if (tapping.current) return;
    tapping.current = true;
    checkout.mutate(undefined, {
      onSettled: () => {
        tapping.current = false;
      },
    });
  };
  const code = checkout.error instanceof ApiError ? checkout.error.code : null;
  const legend = `cart-seller-${String(index)}`;
  return (
    <section className="card cart-group" aria-labelledby={legend}>
      <h2 id={legend}>{t('shop:cart.seller', { index: index + 1 })}</h2>
      <ul className="cart-lines">
        {lines.map((line) => (
          <li key={line.productId} className="cart-line">
            <span className="product-name">{line.name}</span>
            <span className="price">{formatFcfa(line.priceXof * line.quantity, language)}</span>
            <span className="stepper">
              <button
                type="button"
                className="step"
                aria-label={t('shop:cart.less', { name: line.name })}
                onClick={() => setQuantity(line.productId, line.quantity - 1)}
              >
                −
              </button>
              <span aria-live="polite">{t('shop:cart.quantity', { count: line.quantity })}</span>
              <button
                type="button"
                className="step"
                aria-label={t('shop:cart.more', { name: line.name })}
                disabled={line.quantity >= quantityMax}
                onClick={() => setQuantity(line.productId, line.quantity + 1)}
              >
                +
              </button>
            </span>
          </li>
        ))}
      </ul>
      <fieldset className="choices">
        <legend>{t('shop:cart.delivery')}</legend>
        {deliveries.map((choice) => (
          <label key={choice} className="choice">
            <input
              type="radio"
              name={`delivery-${String(index)}`}
              value={choice}
              checked={delivery === choice}
              onChange={() => setDelivery(choice)}
            />
            {t(`shop:cart.deliveries.${choice}`)}
          </label>
        ))}
      </fieldset>
      <p className="total">
        {t('shop:cart.estimate')} <strong data-testid="cart-total">{formatFcfa(estimateXof, language)}</strong>
      </p>
      <p className="muted">{t('shop:cart.cloudPrices')}</p>
      <button type="button" className="button" disabled={checkout.isPending} onClick={pay}>
        {checkout.isPending ? t('shop:cart.paying') : t('shop:cart.pay')}
      </button>
      {code === null ? null : (
        <p role="alert" className="error">
          {t(`shop:errors.${code}`, { defaultValue: t('shop:errors.other') })}
        </p>
      )}
    </section>
  );
}

export function Cart() {
  const { t } = useTranslation('shop');
  const cart = useCart();
  const sellers = [...new Set(cart.map((l) => l.partnerId))];
  return (
    <section aria-labelledby="cart-title" className="screen">
      <h1 id="cart-title">{t('shop:cart.title')}</h1>
      {cart.length === 0 ? (
        <p>
          {t('shop:cart.empty')} <Link to="/shop">{t('shop:catalog.title')}</Link>
        </p>
      ) : (
        sellers.map((seller, index) => (
          <SellerCheckout key={seller} index={index} lines={cart.filter((l) => l.partnerId === seller)} />
        ))
      )}
    </section>
  );
}
