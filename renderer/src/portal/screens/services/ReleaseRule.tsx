/**
 * What happens to the client's money, said before paying (OpenBazaar's lesson: buyers forget to release held funds,
 * so the automatic release is announced at checkout): the amount held from the wallet and when it goes to the provider.
 */
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';

export function ReleaseRule({ amountXof, autoReleaseDays }: { amountXof: number; autoReleaseDays: number }) {
  const { t, i18n } = useTranslation('services');
  return (
    <div className="release-rule" data-testid="release-rule">
      <p className="price big">{formatFcfa(amountXof, i18n.language)}</p>
      <p>{t('services:pay.held', { amount: formatFcfa(amountXof, i18n.language) })}</p>
      <p className="notice">{t('services:pay.rule', { days: autoReleaseDays })}</p>
    </div>
  );
}
