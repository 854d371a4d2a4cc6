/** The cancellation rules as a guest reads them: until when, how much comes back (shown before paying, and after). */
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';

export interface RefundStep {
  readonly until: string | null;
  readonly refundXof: number;
}

export function RefundSteps({ steps, amountXof }: { steps: readonly RefundStep[]; amountXof: number }) {
  const { t, i18n } = useTranslation('booking');
  const language = i18n.language;
  return (
    <ul className="refund-steps" data-testid="refund-steps">
      {steps.map((step, index) => {
        const amount = formatFcfa(step.refundXof, language);
        const text =
          step.refundXof === 0
            ? step.until === null
              ? t('booking:rules.nothingAfter')
              : t('booking:rules.nothingUntil', { date: formatDateTime(step.until, language) })
            : step.until === null
              ? t('booking:rules.untilArrival', { amount })
              : step.refundXof === amountXof
                ? t('booking:rules.freeUntil', { date: formatDateTime(step.until, language), amount })
                : t('booking:rules.partUntil', { date: formatDateTime(step.until, language), amount });
        return <li key={`${String(index)}-${step.until ?? 'end'}`}>{text}</li>;
      })}
      {/* Closer to arrival than the last rule's notice, nothing comes back (the cloud's refundFor). */}
      {steps.at(-1)?.until === null ? null : <li>{t('booking:rules.nothingAfter')}</li>}
    </ul>
  );
}
