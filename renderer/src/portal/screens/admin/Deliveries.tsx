/**
 * The notification delivery log (lazy-loaded route): newest first, filtered by channel and status, a longer page on
 * demand (the cloud answers the newest 500 at most); each line says the event, channel, status, attempts and why.
 */
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { AdminGate } from './AdminGate.js';
import { ActionError } from './ActionError.js';
import {
  deliveriesQuery,
  deliveryChannels,
  deliveryMax,
  deliveryPage,
  deliveryStatuses,
  type DeliveryChannel,
  type DeliveryFilters,
} from './ops-data.js';

const knownReasons = /^[a-z ]{1,60}$/;

function Log({ filters }: { filters: DeliveryFilters }) {
  const { t, i18n } = useTranslation('admin');
  const [limit, setLimit] = useState(deliveryPage);
  const log = useQuery(deliveriesQuery(filters, limit));
  if (log.isError) return <ActionError error={log.error} />;
  if (log.data === undefined) return <p>{t('app.loading')}</p>;
  const { deliveries } = log.data;
  // The cloud's own reasons in the admin's words; a provider's message (any other text) is shown as it came.
  const reasonText = (reason: string) =>
    knownReasons.test(reason) ? t(`admin:deliveries.reasons.${reason}`, { defaultValue: reason }) : reason;
  return (
    <>
      {deliveries.length === 0 ? (
        <p className="card">{t('admin:deliveries.empty')}</p>
      ) : (
        <ol className="admin-list admin-grid" data-testid="deliveries">
          {deliveries.map((d) => (
            <li key={d.id} className="card admin-entry">
              <div className="admin-entry-line">
                <code className="admin-action">{d.eventType}</code>
                <span className={`admin-badge admin-badge-${d.status}`}>
                  {t(`admin:deliveries.statuses.${d.status}`, { defaultValue: d.status })}
                </span>
              </div>
              <div className="admin-entry-line muted">
                <span>{t(`admin:deliveries.channels.${d.channel}`, { defaultValue: d.channel })}</span>
                <time dateTime={d.updatedAt}>{formatDateTime(d.updatedAt, i18n.language)}</time>
              </div>
              {(d.attempts > 0 || d.provider !== null) && (
                <div className="admin-entry-line muted">
                  {d.attempts > 0 && <span>{t('admin:deliveries.attempts', { count: d.attempts })}</span>}
                  {d.provider !== null && <span>{d.provider}</span>}
                </div>
              )}
              {d.reason !== null && <p className="admin-subject">{reasonText(d.reason)}</p>}
            </li>
          ))}
        </ol>
      )}
      {deliveries.length === limit && limit < deliveryMax && (
        <button
          type="button"
          className="button secondary"
          disabled={log.isFetching}
          onClick={() => setLimit(Math.min(limit + deliveryPage, deliveryMax))}
        >
          {t('admin:deliveries.more')}
        </button>
      )}
    </>
  );
}

export function Deliveries() {
  const { t } = useTranslation('admin');
  const [channel, setChannel] = useState('');
  const [status, setStatus] = useState('');
  const [filters, setFilters] = useState<DeliveryFilters>({});
  function submit(event: FormEvent): void {
    event.preventDefault();
    const picked = deliveryChannels.find((c) => c === channel);
    setFilters({
      ...(picked === undefined ? {} : { channel: picked satisfies DeliveryChannel }),
      ...(status === '' ? {} : { status }),
    });
  }
  return (
    <AdminGate title={t('admin:deliveries.title')}>
      {() => (
        <>
          <form className="card form admin-filters" onSubmit={submit} role="search">
            <div className="admin-fields">
              <div className="form">
                <label htmlFor="delivery-channel">{t('admin:deliveries.channel')}</label>
                <select id="delivery-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
                  <option value="">{t('admin:deliveries.allChannels')}</option>
                  {deliveryChannels.map((c) => (
                    <option key={c} value={c}>
                      {t(`admin:deliveries.channels.${c}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="form">
                <label htmlFor="delivery-status">{t('admin:deliveries.status')}</label>
                <select id="delivery-status" value={status} onChange={(e) => setStatus(e.target.value)}>
                  <option value="">{t('admin:deliveries.allStatuses')}</option>
                  {deliveryStatuses.map((s) => (
                    <option key={s} value={s}>
                      {t(`admin:deliveries.statuses.${s}`)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <button type="submit" className="button">
              {t('admin:audit.filter')}
            </button>
          </form>
          <Log key={JSON.stringify(filters)} filters={filters} />
        </>
      )}
    </AdminGate>
  );
}
