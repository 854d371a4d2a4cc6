/**
 * The wallet's movements, newest first, each with the balance after it; filtered by kind and days (typed search
 * params, so a filtered list is an address that can be shared or reloaded), a page at a time (lazy-loaded route).
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCredits, formatDateTime } from '../../../common/format.js';
import { historyKinds, type HistoryKind, type HistorySearch } from '../../routes/wallet.js';
import { OfflineMark } from '../OfflineMark.js';
import { historyPagesQuery } from './data.js';
import '../../styles/wallet.css';

const route = getRouteApi('/history');

function Filters({ search }: { search: HistorySearch }) {
  const { t } = useTranslation('wallet');
  const navigate = useNavigate();
  const [kind, setKind] = useState(search.kind ?? '');
  const [from, setFrom] = useState(search.from ?? '');
  const [to, setTo] = useState(search.to ?? '');
  const filtered = search.kind !== undefined || search.from !== undefined || search.to !== undefined;
  function apply(event: FormEvent): void {
    event.preventDefault();
    void navigate({
      to: '/history',
      search: {
        ...(kind === '' ? {} : { kind: kind as HistoryKind }),
        ...(from === '' ? {} : { from }),
        ...(to === '' ? {} : { to }),
      },
    });
  }
  return (
    <details className="card filters" open={filtered}>
      <summary>{t('wallet:history.filters')}</summary>
      <form className="form" onSubmit={apply}>
        <label htmlFor="history-kind">{t('wallet:history.kind')}</label>
        <select id="history-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">{t('wallet:history.allKinds')}</option>
          {historyKinds.map((k) => (
            <option key={k} value={k}>
              {t(`wallet:history.groups.${k}`)}
            </option>
          ))}
        </select>
        <div className="dates">
          <div className="form">
            <label htmlFor="history-from">{t('wallet:history.from')}</label>
            <input id="history-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="form">
            <label htmlFor="history-to">{t('wallet:history.to')}</label>
            <input id="history-to" type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
          </div>
        </div>
        <button type="submit" className="button">
          {t('wallet:history.apply')}
        </button>
        {filtered && (
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setKind('');
              setFrom('');
              setTo('');
              void navigate({ to: '/history', search: {} });
            }}
          >
            {t('wallet:history.clear')}
          </button>
        )}
      </form>
    </details>
  );
}

export function History() {
  const { t, i18n } = useTranslation('wallet');
  const search = route.useSearch();
  const history = useInfiniteQuery(historyPagesQuery(search));
  const language = i18n.language;
  const entries = history.data?.pages.flatMap((page) => page.entries);
  const filtered = search.kind !== undefined || search.from !== undefined || search.to !== undefined;
  return (
    <section aria-labelledby="history-title" className="screen">
      <h1 id="history-title">{t('wallet:history.title')}</h1>
      <Filters key={JSON.stringify(search)} search={search} />
      <OfflineMark updatedAtMs={history.dataUpdatedAt} failed={history.isError} />
      {entries === undefined ? (
        <p>{history.isError ? t('wallet:history.error') : t('app.loading')}</p>
      ) : entries.length === 0 ? (
        <p>{filtered ? t('wallet:history.emptyFiltered') : t('wallet:history.empty')}</p>
      ) : (
        <ol className="history" data-testid="history">
          {entries.map((entry) => {
            const credit = entry.amountCentiCredits >= 0;
            // A hold sets credits aside and its release gives them back: neither moves the balance (the
            // capture that follows a hold is the debit), so they are not written as a second debit.
            const aside = entry.phase === 'pending' || entry.phase === 'void';
            const amount = formatCredits(Math.abs(entry.amountCentiCredits), language);
            return (
              <li key={`${String(entry.seq)}-${entry.transferId}`} className="card movement">
                <div className="movement-line">
                  <span className="movement-kind">
                    {t(`wallet:history.kinds.${entry.operationKind}`, {
                      defaultValue: t('wallet:history.kinds.other'),
                    })}
                  </span>
                  {aside ? (
                    <span className="amount">
                      {entry.phase === 'pending'
                        ? t('wallet:history.setAside', { amount })
                        : t('wallet:history.givenBack', { amount })}
                    </span>
                  ) : (
                    <span className={credit ? 'amount credit' : 'amount debit'}>
                      <span className="visually-hidden">
                        {credit ? t('wallet:history.credit') : t('wallet:history.debit')}{' '}
                      </span>
                      {t('wallet:history.amount', { sign: credit ? '+' : '−', amount })}
                    </span>
                  )}
                </div>
                <div className="movement-line muted">
                  <time dateTime={entry.at}>{formatDateTime(entry.at, language)}</time>
                  <span>
                    {t('wallet:history.balanceAfter', {
                      amount: formatCredits(entry.balanceAfterCentiCredits, language),
                    })}
                  </span>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {history.hasNextPage && (
        <button
          type="button"
          className="button secondary"
          disabled={history.isFetchingNextPage}
          onClick={() => void history.fetchNextPage()}
        >
          {history.isFetchingNextPage ? t('wallet:history.loadingMore') : t('wallet:history.more')}
        </button>
      )}
    </section>
  );
}
