/**
 * The reports entries in the menu: reports and scheduled sendings for partners (and their staff), sales reps, agency
 * chiefs and admins; « Mes exports » for everyone signed in, as a client's personal-data ZIP waits there too.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { adminMeQuery, isAdmin } from '../admin/data.js';

const reporters = ['partner', 'sales_rep', 'agency_chief'];

export function ReportsMenuLinks() {
  const { t } = useTranslation('reports');
  const me = useQuery(adminMeQuery);
  const profile = me.data?.profile;
  if (profile === undefined) return null;
  return (
    <>
      {reporters.includes(profile) || isAdmin(profile) ? (
        <li>
          <Link to="/rapports">{t('reports:menu')}</Link>
        </li>
      ) : null}
      <li>
        <Link to="/exports">{t('reports:menuExports')}</Link>
      </li>
    </>
  );
}
