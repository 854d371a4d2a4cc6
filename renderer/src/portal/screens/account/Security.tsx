/**
 * My account's security (lazy-loaded route): change the password (the current one is asked; the
 * other sessions end), add an authenticator app (a QR to scan, then a first code), and the
 * sessions open on my account with "sign out the others". Language and theme stay in Settings.
 */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PasswordCard } from './PasswordCard.js';
import { SessionsCard } from './SessionsCard.js';
import { TotpCard } from './TotpCard.js';
import '../../styles/account.css';

export function Security() {
  const { t } = useTranslation('account');
  return (
    <section aria-labelledby="security-title" className="screen">
      <h1 id="security-title">{t('account:title')}</h1>
      <PasswordCard />
      <TotpCard />
      <SessionsCard />
      <Link to="/settings">{t('account:settings')}</Link>
    </section>
  );
}
