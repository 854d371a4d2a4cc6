/** The creditor area's tabs (the current one marked for assistive technologies too); wraps on a 360 px phone. */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function DebtNav() {
  const { t } = useTranslation('debt-creditor');
  const tabs = [
    { to: '/recouvrement', label: t('debt-creditor:nav.dashboard') },
    { to: '/recouvrement/dossiers', label: t('debt-creditor:nav.files') },
    { to: '/recouvrement/taches', label: t('debt-creditor:nav.tasks') },
    { to: '/recouvrement/rapprochements', label: t('debt-creditor:nav.matches') },
    { to: '/recouvrement/scenarios', label: t('debt-creditor:nav.scenarios') },
    { to: '/recouvrement/import', label: t('debt-creditor:nav.import') },
  ] as const;
  return (
    <nav aria-label={t('debt-creditor:nav.label')} className="dc-tabs">
      {tabs.map((tab) => (
        <Link key={tab.to} to={tab.to} activeOptions={{ exact: true }} className="dc-tab">
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
