/**
 * The debtor's debt collection routes (issue 26): /mes-dettes (what I owe, from every creditor, and my reminder
 * channels) and /mes-dettes/$fileId (one file: pay, promise, dispute, its history). Reminders link here. Screens and
 * words are lazy (this file imports no screen or locale statically). The creditor's screens are /recouvrement.
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const myDebtsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/mes-dettes',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/debt/MyDebts.js'), 'MyDebts'),
});

const debtFileRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/mes-dettes/$fileId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/debt/DebtFilePage.js'), 'DebtFilePage'),
});

export const debtRoutes = [myDebtsRoute, debtFileRoute] as const;
