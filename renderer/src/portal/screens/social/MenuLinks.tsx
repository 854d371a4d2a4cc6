/** The menu's link to the linked sign-in identities (its words load with it). */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function SocialMenuLinks() {
  const { t } = useTranslation('social');
  return (
    <li>
      <Link to="/social/accounts">{t('social:accounts.title')}</Link>
    </li>
  );
}
