/**
 * One provider's quote as the client reads it: lines, VAT, total, date of the work, validity and version. An expired
 * or superseded quote says so and cannot be accepted; accepting shows the amount held and the auto-release rule first,
 * then sends the version read (the cloud refuses an outdated one) with one idempotency key per quote version.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { ApiError } from '../../api/client.js';
import { Refusal } from './Refusal.js';
import { idempotencyHeaders, settleIntent } from '../../api/intent.js';
import { ReleaseRule } from './ReleaseRule.js';
import { acceptQuote, providerQuery } from './data.js';
import type { Quote } from './types.js';

const quantity = (milli: number, language: string): string =>
  new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-CI', { maximumFractionDigits: 3 }).format(milli / 1000);

/** The cloud's default auto-release delay (shared escrow.ts), shown until the provider's own is read. */
const autoReleaseDaysDefault = 3;

export function QuoteCard({ quote, open }: { quote: Quote; open: boolean }) {
  const { t, i18n } = useTranslation('services');
  const language = i18n.language;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const provider = useQuery({ ...providerQuery(quote.providerId), enabled: confirming });
  const autoReleaseDays = provider.data?.autoReleaseDays ?? autoReleaseDaysDefault;
  const busy = useRef(false);
  const intent = `services-accept:${quote.id}:${String(quote.version)}`;
  const expired = quote.status === 'sent' && Date.parse(quote.validUntil) <= Date.now();
  const acceptable = open && quote.status === 'sent' && !expired;
  const accept = useMutation({
    mutationFn: () => acceptQuote(quote.id, quote.version, idempotencyHeaders(intent)),
    onSuccess: async (appointment) => {
      settleIntent(intent);
      await queryClient.invalidateQueries({ queryKey: ['wallet'] });
      await queryClient.invalidateQueries({ queryKey: ['services'] });
      await navigate({ to: '/services/appointments/$appointmentId', params: { appointmentId: appointment.id } });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status < 500) settleIntent(intent);
    },
    onSettled: () => {
      busy.current = false;
    },
  });
  const failure = accept.error instanceof ApiError ? accept.error : undefined;
  return (
    <article className="card quote" aria-labelledby={`quote-${quote.id}`} data-testid="quote">
      <h3 id={`quote-${quote.id}`}>
        {t('services:quote.title', { name: quote.providerName, version: quote.version })}
      </h3>
      <table className="quote-lines">
        <caption className="visually-hidden">{t('services:quote.lines')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('services:quote.label')}</th>
            <th scope="col">{t('services:quote.quantity')}</th>
            <th scope="col">{t('services:quote.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {quote.lines.map((line, i) => (
            <tr key={i}>
              <td>{line.label}</td>
              <td>{quantity(line.quantityMilli, language)}</td>
              <td className="price">
                {formatFcfa(Math.round((line.quantityMilli * line.unitPriceXof) / 1000), language)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t('services:quote.vat', { amount: formatFcfa(quote.taxXof, language) })}</p>
      <p className="price big">{t('services:quote.total', { amount: formatFcfa(quote.totalXof, language) })}</p>
      <p>
        {t('services:quote.when', { when: formatDateTime(quote.startsAt, language), minutes: quote.durationMinutes })}
      </p>
      {quote.note === null || quote.note === '' ? null : <p className="description">{quote.note}</p>}
      <p className={expired ? 'error' : 'muted'}>
        {expired
          ? t('services:quote.expired', { date: formatDateTime(quote.validUntil, language) })
          : t('services:quote.validUntil', { date: formatDateTime(quote.validUntil, language) })}
      </p>
      {quote.status === 'sent' ? null : (
        <p className={`status status-${quote.status}`}>{t(`services:quoteStatus.${quote.status}`)}</p>
      )}
      {!acceptable ? null : confirming ? (
        <div className="confirm-panel">
          <ReleaseRule amountXof={quote.totalXof} autoReleaseDays={autoReleaseDays} />
          <button
            type="button"
            className="button"
            disabled={accept.isPending}
            onClick={() => {
              if (busy.current) return;
              busy.current = true;
              accept.mutate();
            }}
          >
            {t('services:quote.pay', { amount: formatFcfa(quote.totalXof, language) })}
          </button>
          <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
            {t('services:common.back')}
          </button>
        </div>
      ) : (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          {t('services:quote.accept')}
        </button>
      )}
      <Refusal error={failure} />
    </article>
  );
}
