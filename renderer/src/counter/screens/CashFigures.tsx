/**
 * A cash session's figures as the Z report gives them: float, sales by payment, credit notes,
 * cash taken for credits, tax and the cash the drawer should hold; once closed, what staff
 * counted and the difference (marked when it is not zero).
 */
import { useTranslation } from 'react-i18next';
import type { ZReport } from '@ismail/shared';
import { formatCredits, formatXof } from '../../common/format.js';

export function CashFigures({ report, closed }: { readonly report: ZReport; readonly closed: boolean }) {
  const { t, i18n } = useTranslation();
  const x = (amount: number): string => formatXof(amount, i18n.language);
  return (
    <dl className="figures" data-testid="z-figures">
      <dt>{t('cash.float')}</dt>
      <dd>{x(report.floatXof)}</dd>
      <dt>{t('cash.sales', { count: report.sales.count })}</dt>
      <dd>{x(report.sales.grossXof)}</dd>
      <dt>{t('cash.cashSales', { count: report.sales.cash.count })}</dt>
      <dd>{x(report.sales.cash.grossXof)}</dd>
      <dt>{t('cash.walletSales', { count: report.sales.wallet.count })}</dt>
      <dd>
        {x(report.sales.wallet.grossXof)} ·{' '}
        {t('cash.walletCredits', { credits: formatCredits(report.sales.wallet.centiCredits, i18n.language) })}
      </dd>
      <dt>{t('cash.creditNotes', { count: report.creditNotes.count })}</dt>
      <dd>{x(report.creditNotes.grossXof)}</dd>
      <dt>{t('cash.topUps', { count: report.cashTopUps.count })}</dt>
      <dd>{x(report.cashTopUps.amountXof)}</dd>
      <dt>{t('cash.tax')}</dt>
      <dd>{x(report.tax.taxXof)}</dd>
      <dt>{t('cash.expected')}</dt>
      <dd>
        <strong>{x(report.expectedCashXof)}</strong>
      </dd>
      {closed && (
        <>
          <dt>{t('cash.counted')}</dt>
          <dd>{x(report.countedXof)}</dd>
          <dt>{t('cash.difference')}</dt>
          <dd className={report.differenceXof === 0 ? '' : 'warning'} data-testid="z-difference">
            {x(report.differenceXof)}
          </dd>
        </>
      )}
    </dl>
  );
}
