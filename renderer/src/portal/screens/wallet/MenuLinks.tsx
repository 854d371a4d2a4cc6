/** The wallet's entries in the menu: the wallet for everyone, withdrawals only for a sales rep (whose they are). */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { meQuery } from './data.js';

export function WalletMenuLinks() {
  const { t } = useTranslation('wallet');
  const me = useQuery(meQuery);
  return (
    <>
      <li>
        <Link to="/wallet">{t('wallet:home.title')}</Link>
      </li>
      {me.data?.profile === 'sales_rep' && (
        <li>
          <Link to="/wallet/withdrawals">{t('wallet:home.withdrawals')}</Link>
        </li>
      )}
    </>
  );
}
