/**
 * The real estate entries in the menu of partners and their staff (who act under the partner profile): my listings,
 * visits and leases; and an admin's review queue.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { adminMeQuery, isAdmin } from '../admin/data.js';

export function RealEstateOwnerMenuLinks() {
  const { t } = useTranslation('real-estate-owner');
  const me = useQuery(adminMeQuery);
  const profile = me.data?.profile;
  if (profile === 'partner')
    return (
      <>
        <li>
          <Link to="/immobilier/gestion">{t('real-estate-owner:menu.listings')}</Link>
        </li>
        <li>
          <Link to="/immobilier/gestion/visites">{t('real-estate-owner:menu.visits')}</Link>
        </li>
        <li>
          <Link to="/immobilier/gestion/baux">{t('real-estate-owner:menu.leases')}</Link>
        </li>
      </>
    );
  if (isAdmin(profile))
    return (
      <li>
        <Link to="/admin/immobilier">{t('real-estate-owner:menu.review')}</Link>
      </li>
    );
  return null;
}
