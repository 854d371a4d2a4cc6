/** The catalogue: search by words, pages of products cheapest first, links to the cart and my orders (lazy). */
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { useCart } from './cart.js';
import { catalogQuery } from './shop-data.js';
import '../../styles/shop.css';

export function ShopSearch() {
  const { t, i18n } = useTranslation('shop');
  const search = useSearch({ from: '/shop' });
  const navigate = useNavigate();
  const [text, setText] = useState(search.text ?? '');
  const catalog = useInfiniteQuery(catalogQuery(search));
  const cart = useCart();
  const products = catalog.data?.pages.flatMap((p) => p.products);
  const inCart = cart.reduce((n, l) => n + l.quantity, 0);

  function submit(event: FormEvent): void {
    event.preventDefault();
    const words = text.trim();
    void navigate({ to: '/shop', search: words === '' ? {} : { text: words } });
  }

  return (
    <section aria-labelledby="shop-title" className="screen">
      <h1 id="shop-title">{t('shop:catalog.title')}</h1>
      <div className="shop-links">
        <Link to="/shop/cart" className="button secondary">
          {t('shop:catalog.cart', { count: inCart })}
        </Link>
        <Link to="/shop/orders" className="button secondary">
          {t('shop:orders.title')}
        </Link>
      </div>
      <form role="search" className="form" onSubmit={submit}>
        <label htmlFor="shop-text">{t('shop:catalog.search')}</label>
        <div className="search-line">
          <input
            id="shop-text"
            type="search"
            maxLength={100}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <button type="submit" className="button">
            {t('shop:catalog.go')}
          </button>
        </div>
      </form>
      <OfflineMark updatedAtMs={catalog.dataUpdatedAt} failed={catalog.isError} />
      {products === undefined ? (
        <p>{catalog.isError ? t('shop:catalog.error') : t('app.loading')}</p>
      ) : products.length === 0 ? (
        <p>{t('shop:catalog.empty')}</p>
      ) : (
        <ul className="product-list" data-testid="products">
          {products.map((product) => (
            <li key={product.id} className="card product-card">
              {product.hasPhoto ? (
                // Decorative beside the name (the link says what it is); 320 px WebP, a few KB over 3G.
                <img
                  className="product-thumb"
                  src={`/v1/shop/products/${product.id}/photo/small`}
                  alt=""
                  width={64}
                  height={48}
                  loading="lazy"
                  decoding="async"
                />
              ) : null}
              <Link to="/shop/products/$productId" params={{ productId: product.id }} className="product-name">
                {product.name}
              </Link>
              <span className="price">{formatFcfa(product.priceXof, i18n.language)}</span>
            </li>
          ))}
        </ul>
      )}
      {catalog.hasNextPage ? (
        <button
          type="button"
          className="button secondary"
          disabled={catalog.isFetchingNextPage}
          onClick={() => void catalog.fetchNextPage()}
        >
          {t('shop:catalog.more')}
        </button>
      ) : null}
    </section>
  );
}
