/**
 * The Services entries of a provider and an admin in the menu: a partner's provider profile, the requests it
 * received and its appointments; an admin's services disputes and reported reviews.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { adminMeQuery, isAdmin } from '../admin/data.js';

export function ProviderMenuLinks() {
  const { t } = useTranslation('provider');
  const me = useQuery(adminMeQuery);
  const profile = me.data?.profile;
  if (profile === 'partner')
    return (
      <>
        <li>
          <Link to="/provider/profile">{t('provider:menu.profile')}</Link>
        </li>
        <li>
          <Link to="/provider/requests">{t('provider:menu.requests')}</Link>
        </li>
        <li>
          <Link to="/provider/appointments">{t('provider:menu.appointments')}</Link>
        </li>
      </>
    );
  if (isAdmin(profile))
    return (
      <>
        <li>
          <Link to="/admin/services/disputes">{t('provider:menu.disputes')}</Link>
        </li>
        <li>
          <Link to="/admin/services/reviews">{t('provider:menu.reviews')}</Link>
        </li>
      </>
    );
  return null;
}
