/** The wallet's movements, newest first, each with the balance after it (lazy-loaded route). */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatCredits, formatDateTime } from '../../common/format.js';
import { historyQuery } from '../wallet.js';
import { OfflineMark } from './OfflineMark.js';

export function History() {
  const { t, i18n } = useTranslation('wallet');
  const history = useQuery(historyQuery);
  const language = i18n.language;
  const entries = history.data?.entries;
  return (
    <section aria-labelledby="history-title" className="screen">
      <h1 id="history-title">{t('wallet:history.title')}</h1>
      <OfflineMark updatedAtMs={history.dataUpdatedAt} failed={history.isError} />
      {entries === undefined ? (
        <p>{history.isError ? t('wallet:history.error') : t('app.loading')}</p>
      ) : entries.length === 0 ? (
        <p>{t('wallet:history.empty')}</p>
      ) : (
        <ol className="history" data-testid="history">
          {entries.map((entry) => {
            const credit = entry.amountCentiCredits >= 0;
            return (
              <li key={`${String(entry.seq)}-${entry.transferId}`} className="card movement">
                <div className="movement-line">
                  <span className="movement-kind">
                    {t(`wallet:history.kinds.${entry.operationKind}`, {
                      defaultValue: t('wallet:history.kinds.other'),
                    })}
                  </span>
                  <span className={credit ? 'amount credit' : 'amount debit'}>
                    <span className="visually-hidden">
                      {credit ? t('wallet:history.credit') : t('wallet:history.debit')}{' '}
                    </span>
                    {t('wallet:history.amount', {
                      sign: credit ? '+' : '−',
                      amount: formatCredits(Math.abs(entry.amountCentiCredits), language),
                    })}
                  </span>
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
    </section>
  );
}
