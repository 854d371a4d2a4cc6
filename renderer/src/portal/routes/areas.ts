/**
 * Every area's routes, in one list for the router. Each area keeps its routes in its own file
 * (routes/<area>.ts) and its words in its own translation namespace (locales/<area>.<lang>.json),
 * both loaded only when one of its screens is first visited.
 */
import { accountRoutes } from './account.js';
import { deskRoutes } from './desk.js';
import { dashboardRoutes } from './dashboard.js';
import { catalogRoutes } from './catalog.js';
import { businessRoutes } from './business.js';
import { adminRoutes } from './admin.js';
import { bookingRoutes } from './booking.js';
import { cardRoutes } from './card.js';
import { invoiceRoutes } from './invoices.js';
import { notificationRoutes } from './notifications.js';
import { onboardingRoutes } from './onboarding.js';
import { shopRoutes } from './shop.js';
import { socialRoutes } from './social.js';
import { walletRoutes } from './wallet.js';
import { partnerRoutes } from './partner.js';
import { unitsRoutes } from './units.js';
import { billingRoutes } from './billing.js';
import { servicesRoutes } from './services.js';
import { providerRoutes } from './provider.js';
import { realEstateOwnerRoutes } from './real-estate-owner.js';
import { realEstateRoutes } from './real-estate.js';
import { debtCreditorRoutes } from './debt-creditor.js';
import { debtRoutes } from './debt.js';
import { supportRoutes } from './support.js';
import { privacyRoutes } from './privacy.js';
import { reportsRoutes } from './reports.js';
import { bankRoutes } from './bank.js';

export const areaRoutes = [
  ...realEstateOwnerRoutes,
  ...onboardingRoutes,
  ...cardRoutes,
  ...walletRoutes,
  ...shopRoutes,
  ...bookingRoutes,
  ...servicesRoutes,
  ...invoiceRoutes,
  ...notificationRoutes,
  ...accountRoutes,
  ...socialRoutes,
  ...dashboardRoutes,
  ...catalogRoutes,
  ...businessRoutes,
  ...billingRoutes,
  ...unitsRoutes,
  ...deskRoutes,
  ...adminRoutes,
  ...partnerRoutes,
  ...providerRoutes,
  ...realEstateRoutes,
  ...debtCreditorRoutes,
  ...debtRoutes,
  ...supportRoutes,
  ...privacyRoutes,
  ...reportsRoutes,
  ...bankRoutes,
] as const;
