/** The billing area's entries in the menu: a partner's invoices and fees (the cloud refuses other profiles anyway). */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { meQuery } from '../wallet/data.js';

export function BillingMenuLinks() {
  const { t } = useTranslation('billing');
  const me = useQuery(meQuery);
  if (me.data?.profile !== 'partner') return null;
  return (
    <>
      <li>
        <Link to="/billing" search={{}}>
          {t('billing:menu.invoices')}
        </Link>
      </li>
      <li>
        <Link to="/billing/fees">{t('billing:menu.fees')}</Link>
      </li>
    </>
  );
}
