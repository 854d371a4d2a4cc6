/**
 * The partner's catalog: search by words, SKU or barcode; each product with its price, stock and state, a link to
 * edit it; links to add a product and to import a file; exports of the catalog and customers (lazy-loaded route).
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { download, myCatalogQuery, photoUrl, type FileFormat } from './data.js';
import '../../styles/catalog.css';

function Exports() {
  const { t } = useTranslation('catalog');
  const [problem, setProblem] = useState(false);
  const save = (what: 'catalog' | 'customers', format: FileFormat) => {
    setProblem(false);
    download(what, format).catch(() => setProblem(true));
  };
  return (
    <section aria-labelledby="catalog-exports" className="card catalog-exports">
      <h2 id="catalog-exports">{t('catalog:export.title')}</h2>
      <div className="catalog-actions">
        <button type="button" className="button secondary" onClick={() => save('catalog', 'csv')}>
          {t('catalog:export.catalogCsv')}
        </button>
        <button type="button" className="button secondary" onClick={() => save('catalog', 'xlsx')}>
          {t('catalog:export.catalogXlsx')}
        </button>
        <button type="button" className="button secondary" onClick={() => save('customers', 'csv')}>
          {t('catalog:export.customersCsv')}
        </button>
        <button type="button" className="button secondary" onClick={() => save('customers', 'xlsx')}>
          {t('catalog:export.customersXlsx')}
        </button>
      </div>
      {problem && (
        <p className="error" role="alert">
          {t('catalog:export.error')}
        </p>
      )}
    </section>
  );
}

export function CatalogList() {
  const { t, i18n } = useTranslation('catalog');
  const [text, setText] = useState('');
  const [words, setWords] = useState('');
  const list = useInfiniteQuery(myCatalogQuery(words));
  const products = list.data?.pages.flatMap((p) => p.products);

  function submit(event: FormEvent): void {
    event.preventDefault();
    setWords(text.trim());
  }

  return (
    <section aria-labelledby="catalog-title" className="screen catalog">
      <h1 id="catalog-title">{t('catalog:title')}</h1>
      <div className="catalog-actions">
        <Link to="/catalog/new" className="button">
          {t('catalog:add')}
        </Link>
        <Link to="/catalog/import" className="button secondary">
          {t('catalog:import.title')}
        </Link>
      </div>
      <form role="search" className="form" onSubmit={submit}>
        <label htmlFor="catalog-text">{t('catalog:search')}</label>
        <div className="catalog-search">
          <input
            id="catalog-text"
            type="search"
            maxLength={100}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <button type="submit" className="button">
            {t('catalog:go')}
          </button>
        </div>
      </form>
      <OfflineMark updatedAtMs={list.dataUpdatedAt} failed={list.isError} />
      {products === undefined ? (
        <p>{list.isError ? t('catalog:error') : t('app.loading')}</p>
      ) : products.length === 0 ? (
        <p>{words === '' ? t('catalog:none') : t('catalog:empty')}</p>
      ) : (
        <ul className="catalog-list" data-testid="catalog-products">
          {products.map((product) => {
            const stock = product.stock.reduce((n, s) => n + s.quantity, 0);
            return (
              <li key={product.id} className="card catalog-item">
                {product.hasPhoto && product.active && (
                  <img className="catalog-thumb" src={photoUrl(product.id, 'small')} alt="" width={56} height={56} />
                )}
                <Link
                  to="/catalog/products/$productId"
                  params={{ productId: product.id }}
                  className="catalog-name"
                  aria-label={t('catalog:editNamed', { name: product.name })}
                >
                  {product.name}
                </Link>
                <span className="catalog-price">{formatFcfa(product.priceXof, i18n.language)}</span>
                <span className="muted">
                  {product.kind === 'digital' ? t('catalog:digital') : t('catalog:stockTotal', { count: stock })}
                  {product.sku === null ? '' : ` · ${t('catalog:skuShort', { sku: product.sku })}`}
                </span>
                {!product.active && <span className="catalog-badge">{t('catalog:inactive')}</span>}
              </li>
            );
          })}
        </ul>
      )}
      {list.hasNextPage ? (
        <button
          type="button"
          className="button secondary"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t('catalog:more')}
        </button>
      ) : null}
      <Exports />
    </section>
  );
}
