/** Real estate's entries in the menu, for everyone signed in: search, my visits, my leases (as tenant or landlord). */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function RealEstateMenuLinks() {
  const { t } = useTranslation('real-estate');
  return (
    <>
      <li>
        <Link to="/immobilier">{t('real-estate:menu.search')}</Link>
      </li>
      <li>
        <Link to="/immobilier/visites">{t('real-estate:visits.title')}</Link>
      </li>
      <li>
        <Link to="/immobilier/baux">{t('real-estate:leases.title')}</Link>
      </li>
    </>
  );
}
