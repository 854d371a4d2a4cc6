/** The menu's links to invoices, notifications and account security (their words load with them). */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function AccountMenuLinks() {
  const { t } = useTranslation(['invoices', 'notifications', 'account']);
  return (
    <>
      <li>
        <Link to="/invoices">{t('invoices:list.title')}</Link>
      </li>
      <li>
        <Link to="/notifications">{t('notifications:inbox.title')}</Link>
      </li>
      <li>
        <Link to="/account/security">{t('account:title')}</Link>
      </li>
    </>
  );
}
