/** The catalog area's entry in the menu, for partners and their staff (who act under the partner profile). */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { meQuery } from '../wallet/data.js';

export function CatalogMenuLinks() {
  const { t } = useTranslation('catalog');
  const me = useQuery(meQuery);
  if (me.data?.profile !== 'partner') return null;
  return (
    <li>
      <Link to="/catalog">{t('catalog:menu')}</Link>
    </li>
  );
}
