/**
 * The debtor's entry in the menu, for every signed-in account (anyone may owe a landlord, a shop or ISMAIL): « Mes
 * dettes ». Its words come with the area's namespace; the menu does not wait for them (the link appears once they are
 * in), so the other groups are not held back by one more fetch over 3G.
 */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function DebtMenuLinks() {
  const { t, ready } = useTranslation('debt', { useSuspense: false });
  if (!ready) return null;
  return (
    <li>
      <Link to="/mes-dettes">{t('debt:menu')}</Link>
    </li>
  );
}
