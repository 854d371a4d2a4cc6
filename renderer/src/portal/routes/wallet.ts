/**
 * The wallet area's routes: the wallet with its actions, the history (filters in typed search params), top-up by
 * Wave, MTN MoMo or Orange Money and the screen a payer comes back to, transfer by ISMAIL ID, a sales rep's
 * withdrawals. Screens are lazy: nothing here imports them, their libraries or their words.
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

/** The groups of movements the history filters by (each is a set of operation kinds, screens/wallet/kinds.ts). */
export const historyKinds = ['topUp', 'transfer', 'purchase', 'hold', 'withdrawal'] as const;
export type HistoryKind = (typeof historyKinds)[number];

export interface HistorySearch {
  readonly kind?: HistoryKind;
  readonly from?: string;
  readonly to?: string;
}

const day = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const dayOf = (value: unknown): string | undefined =>
  typeof value === 'string' && day.test(value) ? value : undefined;

/** What a history address may say: anything else is dropped, never passed on to the cloud. */
export function historySearch(search: Record<string, unknown>): HistorySearch {
  const kind = historyKinds.find((k) => k === search.kind);
  const from = dayOf(search.from);
  const to = dayOf(search.to);
  return {
    ...(kind === undefined ? {} : { kind }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  };
}

export const topUpProviders = ['wave', 'momo', 'orange'] as const;
export type TopUpProvider = (typeof topUpProviders)[number];

export interface TopUpStatusSearch {
  readonly provider?: TopUpProvider;
  /** What the provider's return address said: a hint only, the status comes from the cloud. */
  readonly outcome?: 'success' | 'error' | 'cancel';
  readonly paymentId?: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function topUpStatusSearch(search: Record<string, unknown>): TopUpStatusSearch {
  const provider = topUpProviders.find((p) => p === search.provider);
  const outcome = (['success', 'error', 'cancel'] as const).find((o) => o === search.outcome);
  const paymentId = typeof search.paymentId === 'string' && uuid.test(search.paymentId) ? search.paymentId : undefined;
  return {
    ...(provider === undefined ? {} : { provider }),
    ...(outcome === undefined ? {} : { outcome }),
    ...(paymentId === undefined ? {} : { paymentId }),
  };
}

const walletRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/wallet',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/wallet/Wallet.js'), 'Wallet'),
});

const historyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/history',
  beforeLoad: requireSession,
  validateSearch: historySearch,
  component: lazyRouteComponent(() => import('../screens/wallet/History.js'), 'History'),
});

const topUpRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/wallet/top-up',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/wallet/TopUp.js'), 'TopUp'),
});

/** Where Wave and Orange Money send the payer back (through the cloud's return address), and MoMo's wait. */
const topUpStatusRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/wallet/top-up/return',
  beforeLoad: requireSession,
  validateSearch: topUpStatusSearch,
  component: lazyRouteComponent(() => import('../screens/wallet/TopUpStatus.js'), 'TopUpStatus'),
});

const transferRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/wallet/transfer',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/wallet/Transfer.js'), 'Transfer'),
});

const withdrawalsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/wallet/withdrawals',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/wallet/Withdrawals.js'), 'Withdrawals'),
});

export const walletRoutes = [
  walletRoute,
  historyRoute,
  topUpRoute,
  topUpStatusRoute,
  transferRoute,
  withdrawalsRoute,
] as const;
