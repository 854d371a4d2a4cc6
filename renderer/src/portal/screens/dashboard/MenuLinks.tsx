/** The dashboard's entry in the menu: every professional profile has one; clients do not. */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { meQuery } from '../wallet/data.js';

export function DashboardMenuLinks() {
  const { t } = useTranslation('dashboard');
  const me = useQuery(meQuery);
  if (me.data === undefined || me.data.profile === 'client') return null;
  return (
    <li>
      <Link to="/dashboard">{t('dashboard:menu')}</Link>
    </li>
  );
}
