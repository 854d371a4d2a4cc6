/**
 * The bank reconciliation entry in the menu: partners (and their staff, who read) reconcile their own account, admins
 * ISMAIL's. Sales reps and agency chiefs have no bank account to reconcile (the contract's « who »).
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { adminMeQuery, isAdmin } from '../admin/data.js';

export function BankMenuLinks() {
  const { t } = useTranslation('bank');
  const me = useQuery(adminMeQuery);
  const profile = me.data?.profile;
  if (profile !== 'partner' && !isAdmin(profile)) return null;
  return (
    <li>
      <Link to="/rapprochement">{t('bank:menu')}</Link>
    </li>
  );
}
