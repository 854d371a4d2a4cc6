/** The reports area's tabs (the current one marked for assistive technologies too); wraps on a 360 px phone. */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function ReportsNav() {
  const { t } = useTranslation('reports');
  const tabs = [
    { to: '/rapports', label: t('reports:nav.reports') },
    { to: '/rapports/envois', label: t('reports:nav.schedules') },
    { to: '/exports', label: t('reports:nav.exports') },
  ] as const;
  return (
    <nav aria-label={t('reports:nav.label')} className="rp-tabs">
      {tabs.map((tab) => (
        <Link key={tab.to} to={tab.to} activeOptions={{ exact: true }} className="rp-tab">
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
