/** Booking's entries in the menu: search a stay and my reservations. */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function BookingMenuLinks() {
  const { t } = useTranslation('booking');
  return (
    <>
      <li>
        <Link to="/booking">{t('booking:search.title')}</Link>
      </li>
      <li>
        <Link to="/booking/reservations">{t('booking:reservations.title')}</Link>
      </li>
    </>
  );
}
