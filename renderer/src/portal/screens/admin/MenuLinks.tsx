/** The admin area's entry in the menu, shown only to admin profiles (the cloud refuses everyone else anyway). */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { adminMeQuery, isAdmin } from './data.js';

export function AdminMenuLinks() {
  const { t } = useTranslation('admin');
  const me = useQuery(adminMeQuery);
  if (!isAdmin(me.data?.profile)) return null;
  return (
    <li>
      <Link to="/admin">{t('admin:home.title')}</Link>
    </li>
  );
}
