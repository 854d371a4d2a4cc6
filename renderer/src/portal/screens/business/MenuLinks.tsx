/** The business area's entries in the menu: orders for partners and their staff, partners and statements for reps. */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { meQuery } from '../wallet/data.js';

export function BusinessMenuLinks() {
  const { t } = useTranslation('business');
  const me = useQuery(meQuery);
  const profile = me.data?.profile;
  if (profile === 'partner')
    return (
      <li>
        <Link to="/business/orders">{t('business:menu.orders')}</Link>
      </li>
    );
  if (profile === 'sales_rep')
    return (
      <>
        <li>
          <Link to="/business/partners">{t('business:menu.partners')}</Link>
        </li>
        <li>
          <Link to="/business/statements">{t('business:menu.statements')}</Link>
        </li>
      </>
    );
  return null;
}
