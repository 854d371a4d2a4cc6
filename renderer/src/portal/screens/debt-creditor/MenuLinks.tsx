/** The debt collection entry in the menu of creditors: partners and their staff (who act under the partner profile). */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { adminMeQuery } from '../admin/data.js';

export function DebtCreditorMenuLinks() {
  const { t } = useTranslation('debt-creditor');
  const me = useQuery(adminMeQuery);
  if (me.data?.profile !== 'partner') return null;
  return (
    <li>
      <Link to="/recouvrement">{t('debt-creditor:menu.collection')}</Link>
    </li>
  );
}
