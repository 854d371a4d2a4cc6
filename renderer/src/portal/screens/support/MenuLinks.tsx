/** The support area's menu entries (issue 27): « Réclamations » for clients and partners, the queue for admins. */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { adminMeQuery, isAdmin } from '../admin/data.js';

export function SupportMenuLinks() {
  const { t } = useTranslation('support');
  const me = useQuery(adminMeQuery);
  const profile = me.data?.profile;
  if (profile === undefined) return null;
  if (isAdmin(profile))
    return (
      <li>
        <Link to="/admin/reclamations">{t('support:menuAdmin')}</Link>
      </li>
    );
  if (profile !== 'client' && profile !== 'partner') return null;
  return (
    <li>
      <Link to="/reclamations">{t('support:menu')}</Link>
    </li>
  );
}
