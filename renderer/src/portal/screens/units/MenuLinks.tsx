/** The units area's entries in the menu: a partner's bookable units and the reservations they received. */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { meQuery } from '../wallet/data.js';

export function UnitsMenuLinks() {
  const { t } = useTranslation('units');
  const me = useQuery(meQuery);
  if (me.data?.profile !== 'partner') return null;
  return (
    <>
      <li>
        <Link to="/units">{t('units:menu.units')}</Link>
      </li>
      <li>
        <Link to="/units/reservations">{t('units:reservations.title')}</Link>
      </li>
    </>
  );
}
