/**
 * The bank area's routes (issue 27): /rapprochement (statements and import) and /rapprochement/$statementId (its
 * lines to reconcile). Screens and words are lazy (this file imports no screen statically).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const statementsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/rapprochement',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/bank/Statements.js'), 'BankStatements'),
});

const statementRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/rapprochement/$statementId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/bank/StatementPage.js'), 'BankStatementPage'),
});

export const bankRoutes = [statementsRoute, statementRoute] as const;
