/** My quote requests (lazy), newest first: what was asked, where, its status; each opens its quotes and messages. */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { requestsQuery } from './data.js';
import './services.css';

export function Requests() {
  const { t, i18n } = useTranslation('services');
  const requests = useQuery(requestsQuery);
  const list = requests.data?.requests;
  return (
    <section aria-labelledby="requests-title" className="screen services">
      <h1 id="requests-title">{t('services:requests.title')}</h1>
      <OfflineMark updatedAtMs={requests.dataUpdatedAt} failed={requests.isError} />
      {list === undefined ? (
        <p>{requests.isError ? t('services:requests.error') : t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p>
          {t('services:requests.empty')} <Link to="/services">{t('services:search.title')}</Link>
        </p>
      ) : (
        <ul className="provider-list" data-testid="requests">
          {list.map((r) => (
            <li key={r.id} className="card">
              <Link to="/services/requests/$requestId" params={{ requestId: r.id }} className="provider-name">
                {r.description.length > 60 ? `${r.description.slice(0, 60)}…` : r.description}
              </Link>
              <p className="muted">
                {t('services:requests.where', { commune: r.commune, date: formatDateTime(r.createdAt, i18n.language) })}
              </p>
              <p>
                <span className={`status status-${r.status}`}>{t(`services:requestStatus.${r.status}`)}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
