/** Who checked my card, where and when (newest first): the cloud's online checks and the counters that asked it. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { verificationsQuery } from './card-queries.js';

export function Verifications() {
  const { t, i18n } = useTranslation('card');
  const history = useQuery(verificationsQuery);
  const entries = history.data;
  return (
    <section className="card" aria-labelledby="card-history-title">
      <h2 id="card-history-title" className="small-title">
        {t('card:history.title')}
      </h2>
      {entries === undefined ? (
        <p className={history.isError ? 'error' : undefined}>
          {history.isError ? t('card:history.error') : t('app.loading')}
        </p>
      ) : entries.length === 0 ? (
        <p>{t('card:history.empty')}</p>
      ) : (
        <ul className="checks" data-testid="card-history">
          {entries.map((entry, index) => (
            <li key={`${entry.at}-${String(index)}`}>
              <p className="check-line">
                <span className={`check-outcome ${entry.outcome}`}>
                  {t(`card:history.${entry.outcome}`)}
                  {entry.reason !== null && ` · ${t(`card:history.reasons.${entry.reason}`)}`}
                </span>
                <span className="muted">{formatDateTime(entry.at, i18n.language)}</span>
              </p>
              <p className="check-who">{t(`card:history.by.${entry.by}`, { who: entry.who ?? '' })}</p>
              {entry.place !== '' && <p className="muted">{t('card:history.where', { place: entry.place })}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
