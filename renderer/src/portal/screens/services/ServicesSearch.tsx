/**
 * Services search (lazy): category chips, keyword, commune and minimum rating in the address (typed search params);
 * results as cards, nearest first when a commune is chosen, "Voir plus" following the cloud's cursor.
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServicesSearchParams } from '../../routes/services.js';
import { OfflineMark } from '../OfflineMark.js';
import { ProviderCardItem } from './ProviderCardItem.js';
import { abidjanCommunes, categoriesQuery, searchPage } from './data.js';
import './services.css';

export function ServicesSearch() {
  const { t, i18n } = useTranslation('services');
  const search = useSearch({ from: '/services' });
  const navigate = useNavigate();
  const [q, setQ] = useState(search.q ?? '');
  const [commune, setCommune] = useState(search.commune ?? '');
  const [minRating, setMinRating] = useState(search.minRating === undefined ? '' : String(search.minRating));
  const categories = useQuery(categoriesQuery);
  const results = useInfiniteQuery({
    queryKey: ['services', 'search', search],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => searchPage(search, pageParam),
    getNextPageParam: (last) => last.next ?? undefined,
  });

  const go = (next: ServicesSearchParams): void => void navigate({ to: '/services', search: next });
  function submit(event: FormEvent): void {
    event.preventDefault();
    const rating = Number(minRating);
    go({
      ...(search.category === undefined ? {} : { category: search.category }),
      ...(q.trim() === '' ? {} : { q: q.trim() }),
      ...(commune === '' ? {} : { commune }),
      ...(rating >= 1 ? { minRating: rating } : {}),
    });
  }
  function chooseCategory(code: string | undefined): void {
    go({
      ...(code === undefined ? {} : { category: code }),
      ...(search.q === undefined ? {} : { q: search.q }),
      ...(search.commune === undefined ? {} : { commune: search.commune }),
      ...(search.minRating === undefined ? {} : { minRating: search.minRating }),
    });
  }

  const providers = results.data?.pages.flatMap((page) => page.providers);
  return (
    <section aria-labelledby="services-title" className="screen services">
      <h1 id="services-title">{t('services:search.title')}</h1>
      <p className="services-links">
        <Link to="/services/requests">{t('services:requests.title')}</Link>
        <Link to="/services/appointments">{t('services:appointments.title')}</Link>
      </p>
      {categories.data === undefined ? null : (
        <div role="group" aria-label={t('services:search.categories')} className="chips">
          <button
            type="button"
            className="chip"
            aria-pressed={search.category === undefined}
            onClick={() => chooseCategory(undefined)}
          >
            {t('services:search.allCategories')}
          </button>
          {categories.data.categories.map((c) => (
            <button
              key={c.code}
              type="button"
              className="chip"
              aria-pressed={search.category === c.code}
              onClick={() => chooseCategory(c.code)}
            >
              {i18n.language === 'en' ? c.labelEn : c.labelFr}
            </button>
          ))}
        </div>
      )}
      <form role="search" className="form card" onSubmit={submit}>
        <label htmlFor="services-q">{t('services:search.keyword')}</label>
        <input id="services-q" type="search" maxLength={100} value={q} onChange={(e) => setQ(e.target.value)} />
        <label htmlFor="services-commune">{t('services:search.commune')}</label>
        <select id="services-commune" value={commune} onChange={(e) => setCommune(e.target.value)}>
          <option value="">{t('services:search.anyCommune')}</option>
          {abidjanCommunes.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <label htmlFor="services-rating">{t('services:search.minRating')}</label>
        <select id="services-rating" value={minRating} onChange={(e) => setMinRating(e.target.value)}>
          <option value="">{t('services:search.anyRating')}</option>
          {[3, 4, 5].map((n) => (
            <option key={n} value={String(n)}>
              {t('services:search.ratingAtLeast', { stars: n })}
            </option>
          ))}
        </select>
        <button type="submit" className="button">
          {t('services:search.go')}
        </button>
      </form>
      <OfflineMark updatedAtMs={results.dataUpdatedAt} failed={results.isError} />
      {providers === undefined ? (
        <p>{results.isError ? t('services:search.error') : t('app.loading')}</p>
      ) : providers.length === 0 ? (
        <p>{t('services:search.empty')}</p>
      ) : (
        <ul className="provider-list" data-testid="providers" aria-label={t('services:search.results')}>
          {providers.map((p) => (
            <ProviderCardItem key={p.id} provider={p} />
          ))}
        </ul>
      )}
      {results.hasNextPage ? (
        <button
          type="button"
          className="button secondary"
          disabled={results.isFetchingNextPage}
          onClick={() => void results.fetchNextPage()}
        >
          {t('services:search.more')}
        </button>
      ) : null}
    </section>
  );
}
