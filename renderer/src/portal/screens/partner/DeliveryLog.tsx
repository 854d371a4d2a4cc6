/** A webhook's latest deliveries: event, state, attempts, the last status code and time, and the next retry. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { deliveriesQuery } from './data.js';

export function DeliveryLog({ webhookId }: { readonly webhookId: string }) {
  const { t, i18n } = useTranslation('partner');
  const log = useQuery(deliveriesQuery(webhookId));
  const language = i18n.language;
  const list = log.data?.deliveries;
  if (list === undefined) return <p>{log.isError ? t('partner:log.error') : t('app.loading')}</p>;
  if (list.length === 0) return <p className="muted">{t('partner:log.empty')}</p>;
  return (
    <ul className="partner-lines" data-testid="delivery-log" aria-live="polite">
      {list.map((d) => (
        <li key={d.id} className="partner-delivery" data-status={d.status}>
          <span>
            <strong>{t(`partner:events.${d.eventType}`, { defaultValue: d.eventType })}</strong>{' '}
            <span className={`partner-pill partner-delivery-${d.status}`}>{t(`partner:log.status.${d.status}`)}</span>
          </span>
          <span className="muted small">
            {t('partner:log.attempts', { count: d.attempts })}
            {d.statusCode === null ? null : ` · ${t('partner:log.code', { code: d.statusCode })}`}
            {d.error === null || d.error.startsWith('HTTP ') ? null : ` · ${d.error}`}
          </span>
          <span className="muted small">
            {d.lastAttemptAt === null ? (
              t('partner:log.queued', { at: formatDateTime(d.createdAt, language) })
            ) : (
              <time dateTime={d.lastAttemptAt}>{formatDateTime(d.lastAttemptAt, language)}</time>
            )}
            {d.nextAttemptAt === null || d.attempts === 0
              ? null
              : ` · ${t('partner:log.next', { at: formatDateTime(d.nextAttemptAt, language) })}`}
          </span>
        </li>
      ))}
    </ul>
  );
}
