/**
 * /provider/requests/$requestId (lazy): a request sent to me: what the client wants (description, photos), where
 * (commune, address hint) and when (wished window); the versions of my quote with their status; the quote form
 * while the request is open; the thread with the client. Once booked, a link to the appointment.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { categoriesQuery, inboxQuery, myProfileQuery, requestQuery } from './data.js';
import { Photo } from './Photo.js';
import { problemText } from './problem.js';
import { QuoteForm } from './QuoteForm.js';
import { Thread } from './Thread.js';
import type { Quote } from './types.js';
import '../../styles/provider.css';

function QuoteCard({ quote }: { quote: Quote }) {
  const { t, i18n } = useTranslation('provider');
  const language = i18n.language;
  return (
    <li className="card">
      <p className="provider-line">
        <strong>{t('provider:request.version', { n: quote.version })}</strong>
        <span className={`provider-status provider-status-${quote.status}`}>
          {t(`provider:quoteStatus.${quote.status}`)}
        </span>
      </p>
      <ul className="provider-lines">
        {quote.lines.map((l, i) => (
          <li key={i}>
            {l.label} · {String(l.quantityMilli / 1000).replace('.', language === 'en' ? '.' : ',')} ×{' '}
            {formatFcfa(l.unitPriceXof, language)}
          </li>
        ))}
      </ul>
      <p>
        <strong className="price">{t('provider:quote.total', { amount: formatFcfa(quote.totalXof, language) })}</strong>
        <span className="muted"> · {t('provider:request.tax', { amount: formatFcfa(quote.taxXof, language) })}</span>
      </p>
      <p className="muted">
        {t('provider:request.when', {
          at: formatDateTime(quote.startsAt, language),
          n: quote.durationMinutes,
        })}
      </p>
      <p className="muted">{t('provider:request.validUntil', { at: formatDateTime(quote.validUntil, language) })}</p>
      {quote.note === null || quote.note === '' ? null : <p>{quote.note}</p>}
    </li>
  );
}

export function RequestPage() {
  const { t, i18n } = useTranslation('provider');
  const language = i18n.language;
  const { requestId } = useParams({ from: '/provider/requests/$requestId' });
  const request = useQuery(requestQuery(requestId));
  // The request's own answer does not name the client; the inbox does (and is usually in the cache already).
  const inbox = useQuery(inboxQuery);
  const clientName = inbox.data?.find((x) => x.id === requestId)?.clientName ?? '';
  const me = useQuery(myProfileQuery);
  const categories = useQuery(categoriesQuery);
  const r = request.data;
  const category = categories.data?.find((c) => c.code === r?.category);
  const quotes = [...(r?.quotes ?? [])].sort((a, b) => b.version - a.version);
  const myId = me.data?.id;
  // Said here, not in the form: the form starts again from the version just sent (a new key) once it is read back.
  const [sent, setSent] = useState(false);
  return (
    <section aria-labelledby="request-title" className="screen provider">
      <h1 id="request-title">{t('provider:request.title')}</h1>
      <OfflineMark updatedAtMs={request.dataUpdatedAt} failed={request.isError} />
      {r === undefined ? (
        <p>{request.isError ? problemText(t, request.error, language) : t('app.loading')}</p>
      ) : (
        <>
          <div className="card provider-request" data-testid="request">
            <p className="provider-line">
              <strong>{clientName}</strong>
              <span className={`provider-status provider-status-${r.status}`}>
                {t(`provider:requestStatus.${r.status}`)}
              </span>
            </p>
            <p className="provider-description">{r.description}</p>
            <p className="muted">
              {category === undefined ? r.category : language === 'en' ? category.labelEn : category.labelFr} ·{' '}
              {r.commune}
              {r.addressHint === null || r.addressHint === '' ? '' : ` · ${r.addressHint}`}
            </p>
            <p>
              {t('provider:inbox.window', {
                from: formatDateTime(r.wishedFrom, language),
                to: formatDateTime(r.wishedTo, language),
              })}
            </p>
            {r.photoIds.length === 0 ? null : (
              <ul className="provider-photos">
                {r.photoIds.map((photoId, i) => (
                  <li key={photoId}>
                    <Photo photoId={photoId} alt={t('provider:request.photo', { n: i + 1 })} />
                  </li>
                ))}
              </ul>
            )}
            {r.appointmentId === null ? null : (
              <Link
                to="/services/appointments/$appointmentId"
                params={{ appointmentId: r.appointmentId }}
                className="button secondary"
              >
                {t('provider:request.appointment')}
              </Link>
            )}
          </div>
          <div className="provider-columns">
            <div className="provider-stack">
              <section className="provider-block" aria-labelledby="my-quotes-title">
                <h2 id="my-quotes-title">{t('provider:request.quotes')}</h2>
                {quotes.length === 0 ? (
                  <p className="muted">{t('provider:request.noQuote')}</p>
                ) : (
                  <ul className="provider-list" data-testid="my-quotes">
                    {quotes.map((q) => (
                      <QuoteCard key={q.id} quote={q} />
                    ))}
                  </ul>
                )}
              </section>
              {r.status === 'open' ? (
                <QuoteForm
                  key={quotes[0]?.id ?? 'first'}
                  requestId={r.id}
                  latest={quotes[0] ?? null}
                  onSent={() => setSent(true)}
                />
              ) : null}
              {sent ? <p role="status">{t('provider:quote.sent')}</p> : null}
            </div>
            {myId === undefined ? null : <Thread requestId={r.id} providerId={myId} />}
          </div>
        </>
      )}
    </section>
  );
}
