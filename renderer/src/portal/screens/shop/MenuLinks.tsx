/** The shop's entries in the menu: the catalogue and my orders. */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function ShopMenuLinks() {
  const { t } = useTranslation('shop');
  return (
    <>
      <li>
        <Link to="/shop">{t('shop:catalog.title')}</Link>
      </li>
      <li>
        <Link to="/shop/orders">{t('shop:orders.title')}</Link>
      </li>
    </>
  );
}
