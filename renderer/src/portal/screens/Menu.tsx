/**
 * Everything the portal offers beyond the balance and history, one link per screen, grouped by
 * area (lazy-loaded route). Each area adds its links in its own group; the top navigation stays
 * three links wide on a 360 px phone.
 */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { DashboardMenuLinks } from './dashboard/MenuLinks.js';
import { CatalogMenuLinks } from './catalog/MenuLinks.js';
import { BusinessMenuLinks } from './business/MenuLinks.js';
import { BillingMenuLinks } from './billing/MenuLinks.js';
import { UnitsMenuLinks } from './units/MenuLinks.js';
import { DeskMenuLinks } from './desk/MenuLinks.js';
import { AdminMenuLinks } from './admin/MenuLinks.js';
import { BookingMenuLinks } from './booking/MenuLinks.js';
import { ServicesMenuLinks } from './services/MenuLinks.js';
import { ShopMenuLinks } from './shop/MenuLinks.js';
import { AccountMenuLinks } from './account/MenuLinks.js';
import { SocialMenuLinks } from './social/MenuLinks.js';
import { WalletMenuLinks } from './wallet/MenuLinks.js';
import { PartnerMenuLinks } from './partner/MenuLinks.js';
import { ProviderMenuLinks } from './provider/MenuLinks.js';
import { RealEstateOwnerMenuLinks } from './real-estate-owner/MenuLinks.js';
import { RealEstateMenuLinks } from './real-estate/MenuLinks.js';
import { DebtCreditorMenuLinks } from './debt-creditor/MenuLinks.js';
import { DebtMenuLinks } from './debt/MenuLinks.js';
import { SupportMenuLinks } from './support/MenuLinks.js';
import { PrivacyMenuLinks } from './privacy/MenuLinks.js';
import { ReportsMenuLinks } from './reports/MenuLinks.js';
import { BankMenuLinks } from './bank/MenuLinks.js';

/**
 * Every namespace the groups below use, asked for at once: over 3G (2 s a request) fifteen groups each suspending on
 * its own words in turn took long enough to time a CI run out; together they come in one round of parallel fetches.
 */
const menuNamespaces = [
  'translation',
  'dashboard',
  'catalog',
  'business',
  'billing',
  'units',
  'desk',
  'admin',
  'booking',
  'services',
  'shop',
  'invoices',
  'notifications',
  'account',
  'social',
  'wallet',
  'partner',
  'provider',
  'real-estate-owner',
  'real-estate',
  'debt-creditor',
  'debt',
  'support',
  'privacy',
  'reports',
  'bank',
] as const;

export function Menu() {
  const { t } = useTranslation(menuNamespaces);
  return (
    <section aria-labelledby="menu-title" className="screen">
      <h1 id="menu-title">{t('menu.title')}</h1>
      <ul className="menu">
        {/* area links: onboarding, card, wallet, shop, booking, invoices, notifications, account, social */}
        <li>
          <Link to="/card">{t('nav.card')}</Link>
        </li>
        <li>
          <Link to="/kyc">{t('nav.kyc')}</Link>
        </li>
        <DashboardMenuLinks />
        <CatalogMenuLinks />
        <BusinessMenuLinks />
        <BillingMenuLinks />
        <PartnerMenuLinks />
        <UnitsMenuLinks />
        <ProviderMenuLinks />
        <RealEstateOwnerMenuLinks />
        <DebtCreditorMenuLinks />
        <ReportsMenuLinks />
        <BankMenuLinks />
        <DeskMenuLinks />
        <AdminMenuLinks />
        <WalletMenuLinks />
        <ShopMenuLinks />
        <BookingMenuLinks />
        <ServicesMenuLinks />
        <RealEstateMenuLinks />
        <DebtMenuLinks />
        <SupportMenuLinks />
        <PrivacyMenuLinks />
        <AccountMenuLinks />
        <SocialMenuLinks />
        <li>
          <Link to="/settings">{t('nav.settings')}</Link>
        </li>
      </ul>
    </section>
  );
}
