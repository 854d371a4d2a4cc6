/**
 * The quote of a stay as the cloud computed it: nights, price, the cancellation rules with their dates and amounts,
 * how long a hold lasts; then the two steps, hold the dates, confirm and pay. Shown before any money moves.
 */
import { useTranslation } from 'react-i18next';
import { formatFcfa, formatTime } from '../../../common/format.js';
import { RefundSteps, type RefundStep } from './RefundSteps.js';

interface Props {
  readonly quote: {
    unit: { typeName: string; name: string };
    nights: number;
    amountXof: number;
    free: boolean;
    holdMinutes: number;
    refunds: readonly RefundStep[];
  };
  readonly guests: number;
  readonly held: { id: string; amountXof: number; holdExpiresAt: string } | undefined;
  readonly holding: boolean;
  readonly paying: boolean;
  readonly onHold: () => void;
  readonly onPay: (reservationId: string) => void;
}

export function QuotePanel({ quote, guests, held, holding, paying, onHold, onPay }: Props) {
  const { t, i18n } = useTranslation('booking');
  const language = i18n.language;
  return (
    <section className="card quote" aria-labelledby="quote-title" data-testid="quote">
      <h2 id="quote-title">{t('booking:stay.quote')}</h2>
      <p>{t('booking:stay.nights', { count: quote.nights, guests })}</p>
      <p className="price big">{formatFcfa(quote.amountXof, language)}</p>
      <h3>{t('booking:rules.title')}</h3>
      <RefundSteps steps={quote.refunds} amountXof={quote.amountXof} />
      <p className="muted">{t('booking:stay.holdFor', { minutes: quote.holdMinutes })}</p>
      {held !== undefined ? (
        <>
          <p role="status" className="notice">
            {t('booking:stay.held', { time: formatTime(held.holdExpiresAt, language) })}
          </p>
          <button type="button" className="button" disabled={paying} onClick={() => onPay(held.id)}>
            {t('booking:stay.pay', { amount: formatFcfa(held.amountXof, language) })}
          </button>
        </>
      ) : !quote.free ? (
        <p className="error">{t('booking:stay.taken')}</p>
      ) : (
        <button type="button" className="button" disabled={holding} onClick={onHold}>
          {t('booking:stay.hold')}
        </button>
      )}
    </section>
  );
}
