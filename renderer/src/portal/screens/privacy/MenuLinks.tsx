/** The privacy area's menu entries (issue 27): « Mes données personnelles » for everyone, the register for admins. */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { adminMeQuery, isAdmin } from '../admin/data.js';

export function PrivacyMenuLinks() {
  const { t } = useTranslation('privacy');
  const me = useQuery(adminMeQuery);
  const profile = me.data?.profile;
  if (profile === undefined) return null;
  return (
    <>
      <li>
        <Link to="/mes-donnees">{t('privacy:menu')}</Link>
      </li>
      {isAdmin(profile) ? (
        <li>
          <Link to="/admin/donnees-personnelles">{t('privacy:menuAdmin')}</Link>
        </li>
      ) : null}
    </>
  );
}
