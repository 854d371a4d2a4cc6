/** The desk's log: what this agent checked, newest first (the cloud keeps the last 50 for the screen). */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { deskLogQuery } from './data.js';

export function DeskLog() {
  const { t, i18n } = useTranslation('desk');
  const log = useQuery(deskLogQuery);
  return (
    <section className="card desk-log" aria-labelledby="desk-log-title">
      <h2 id="desk-log-title">{t('desk:log.title')}</h2>
      {log.isPending && <p className="muted">{t('app.loading')}</p>}
      {log.isError && <p className="error">{t('desk:errors.other')}</p>}
      {log.data?.length === 0 && <p className="muted">{t('desk:log.empty')}</p>}
      <ul className="desk-log-list" data-testid="desk-log">
        {log.data?.map((entry, index) => (
          <li key={`${entry.at}-${String(index)}`}>
            <span className={entry.outcome === 'valid' ? 'desk-badge valid' : 'desk-badge refused'}>
              {entry.outcome === 'valid' ? t('desk:verdict.valid') : t('desk:verdict.refused')}
            </span>
            <span className="desk-log-who">
              {entry.name ?? t('desk:log.unknown')} <span className="desk-id">{entry.ismailId ?? ''}</span>
            </span>
            <span className="muted">
              {formatDateTime(entry.at, i18n.language)}
              {entry.reason === null ? '' : ` · ${t(`desk:reasons.${entry.reason}`, { defaultValue: entry.reason })}`}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
