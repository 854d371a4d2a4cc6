/** Services' entries in the menu, for everyone signed in: find a provider, and my appointments. */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function ServicesMenuLinks() {
  const { t } = useTranslation('services');
  return (
    <>
      <li>
        <Link to="/services">{t('services:menu.services')}</Link>
      </li>
      <li>
        <Link to="/services/appointments">{t('services:appointments.title')}</Link>
      </li>
    </>
  );
}
