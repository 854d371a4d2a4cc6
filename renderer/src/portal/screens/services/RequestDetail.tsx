/**
 * One of my requests (lazy): what I asked, each provider's quote (acceptable while valid and current), and one
 * conversation per provider. Once booked, the appointment is one tap away.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { Photo } from './Photo.js';
import { QuoteCard } from './QuoteCard.js';
import { Thread } from './Thread.js';
import { requestQuery } from './data.js';
import './services.css';

export function RequestDetail() {
  const { t, i18n } = useTranslation('services');
  const language = i18n.language;
  const { requestId } = useParams({ from: '/services/requests/$requestId' });
  const request = useQuery({ ...requestQuery(requestId), refetchInterval: 10_000 });
  const r = request.data;
  return (
    <section aria-labelledby="request-detail-title" className="screen services">
      <h1 id="request-detail-title">{t('services:requestDetail.title')}</h1>
      <OfflineMark updatedAtMs={request.dataUpdatedAt} failed={request.isError} />
      {r === undefined ? (
        <p>{request.isError ? t('services:requestDetail.error') : t('app.loading')}</p>
      ) : (
        <>
          <div className="card">
            <p className="description">{r.description}</p>
            <p className="muted">
              {t('services:requestDetail.where', { commune: r.commune, hint: r.addressHint ?? '' })}
            </p>
            <p className="muted">
              {t('services:requestDetail.window', {
                from: formatDateTime(r.wishedFrom, language),
                to: formatDateTime(r.wishedTo, language),
              })}
            </p>
            <p>
              <span className={`status status-${r.status}`}>{t(`services:requestStatus.${r.status}`)}</span>
            </p>
            {r.photoIds.length === 0 ? null : (
              <ul className="photo-strip" aria-label={t('services:requestDetail.photos')}>
                {r.photoIds.map((photoId) => (
                  <li key={photoId}>
                    <Photo photoId={photoId} size="small" alt={t('services:requestDetail.photo')} />
                  </li>
                ))}
              </ul>
            )}
            {r.appointmentId === null ? null : (
              <Link
                to="/services/appointments/$appointmentId"
                params={{ appointmentId: r.appointmentId }}
                className="button"
              >
                {t('services:requestDetail.appointment')}
              </Link>
            )}
          </div>
          <h2>{t('services:requestDetail.quotes')}</h2>
          {r.quotes.length === 0 ? (
            <p>{t('services:requestDetail.noQuotes')}</p>
          ) : (
            r.quotes.map((q) => <QuoteCard key={q.id} quote={q} open={r.status === 'open'} />)
          )}
          <h2>{t('services:requestDetail.messages')}</h2>
          {r.providers.map((p) => (
            <Thread
              key={p.id}
              requestId={r.id}
              providerId={p.id}
              title={t('services:thread.title', { name: p.displayName })}
            />
          ))}
        </>
      )}
    </section>
  );
}
