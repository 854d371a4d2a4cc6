/** A product page: price, stock, description, quantity into the device cart, rating and the newest reviews (lazy). */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { ShareButton } from '../social/ShareButton.js';
import { addToCart, quantityMax } from './cart.js';
import { productQuery } from './shop-data.js';
import '../../styles/shop.css';

export function Product() {
  const { t, i18n } = useTranslation('shop');
  const { productId } = useParams({ from: '/shop/products/$productId' });
  const product = useQuery(productQuery(productId));
  const [quantity, setQuantityState] = useState(1);
  const [added, setAdded] = useState<'added' | 'full' | null>(null);
  const p = product.data;
  const language = i18n.language;
  if (p === undefined)
    return (
      <section aria-labelledby="product-title" className="screen">
        <h1 id="product-title">{t('shop:product.title')}</h1>
        <p>{product.isError ? t('shop:product.error') : t('app.loading')}</p>
      </section>
    );
  const most = Math.min(quantityMax, p.stock);
  return (
    <section aria-labelledby="product-title" className="screen">
      <h1 id="product-title">{p.name}</h1>
      <OfflineMark updatedAtMs={product.dataUpdatedAt} failed={product.isError} />
      <div className="card">
        {p.hasPhoto ? (
          // The 320 px copy on a phone, the 800 px one on a wider screen; the size is reserved before it arrives.
          <img
            className="product-photo"
            src={`/v1/shop/products/${p.id}/photo/small`}
            srcSet={`/v1/shop/products/${p.id}/photo/small 320w, /v1/shop/products/${p.id}/photo/large 800w`}
            sizes="(min-width: 700px) 640px, 100vw"
            alt={t('shop:product.photoAlt', { name: p.name })}
            width={800}
            height={600}
            decoding="async"
          />
        ) : null}
        <p className="price big" data-testid="product-price">
          {formatFcfa(p.priceXof, language)}
        </p>
        <p className={p.stock > 0 ? 'stock' : 'stock out'}>
          {p.stock > 0 ? t('shop:product.inStock', { count: p.stock }) : t('shop:product.outOfStock')}
        </p>
        {p.description === '' ? null : <p className="description">{p.description}</p>}
      </div>
      <ShareButton kind="product" id={p.id} title={p.name} />
      {p.stock > 0 ? (
        <form
          className="form card"
          onSubmit={(event) => {
            event.preventDefault();
            const ok = addToCart(
              { productId: p.id, partnerId: p.partnerId, name: p.name, priceXof: p.priceXof },
              Math.max(1, Math.min(most, quantity)),
            );
            setAdded(ok ? 'added' : 'full');
          }}
        >
          <label htmlFor="product-quantity">{t('shop:product.quantity')}</label>
          <input
            id="product-quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={most}
            value={quantity}
            onChange={(event) => setQuantityState(Number(event.target.value) || 1)}
          />
          <button type="submit" className="button">
            {t('shop:product.add')}
          </button>
        </form>
      ) : null}
      <p role="status" className="status-line">
        {added === 'added' ? (
          <>
            {t('shop:product.added')} <Link to="/shop/cart">{t('shop:product.seeCart')}</Link>
          </>
        ) : added === 'full' ? (
          t('shop:product.cartFull')
        ) : null}
      </p>
      <section aria-labelledby="reviews-title" className="card">
        <h2 id="reviews-title">{t('shop:product.reviews')}</h2>
        <p data-testid="rating">
          {p.rating.average === null
            ? t('shop:product.noReview')
            : t('shop:product.rating', {
                average: p.rating.average.toLocaleString(language, { minimumFractionDigits: 1 }),
                count: p.rating.count,
              })}
        </p>
        <ul className="reviews">
          {p.reviews.map((review) => (
            <li key={`${review.at}-${review.author}`}>
              <p className="review-head">
                <span>{t('shop:product.stars', { count: review.rating })}</span>{' '}
                <span className="muted">
                  {review.author}, <time dateTime={review.at}>{formatDateTime(review.at, language)}</time>
                </span>
              </p>
              {review.comment === '' ? null : <p>{review.comment}</p>}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
