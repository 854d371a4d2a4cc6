/** The owner area's tabs: my listings, visits, leases (the current one marked for assistive technologies too). */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function OwnerNav() {
  const { t } = useTranslation('real-estate-owner');
  const tabs = [
    { to: '/immobilier/gestion', label: t('real-estate-owner:nav.listings') },
    { to: '/immobilier/gestion/visites', label: t('real-estate-owner:nav.visits') },
    { to: '/immobilier/gestion/baux', label: t('real-estate-owner:nav.leases') },
  ] as const;
  return (
    <nav aria-label={t('real-estate-owner:nav.label')} className="reo-tabs">
      {tabs.map((tab) => (
        <Link key={tab.to} to={tab.to} activeOptions={{ exact: true }} className="reo-tab">
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
