/**
 * The debt collection area's routes for creditors and their agents (issue 26): /recouvrement and below (dashboard,
 * files, one file, a new file, import, scenarios, tasks, payments to match). The debtor's screens (/mes-dettes) are
 * another file's. Screens and words are lazy (this file imports no screen statically).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const dashboardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/recouvrement',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/debt-creditor/Dashboard.js'), 'DebtDashboard'),
});

const filesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/recouvrement/dossiers',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/debt-creditor/Files.js'), 'DebtFiles'),
});

const fileRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/recouvrement/dossiers/$fileId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/debt-creditor/FilePage.js'), 'DebtFilePage'),
});

const newFileRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/recouvrement/nouveau',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/debt-creditor/NewFile.js'), 'NewDebtFile'),
});

const importRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/recouvrement/import',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/debt-creditor/Import.js'), 'DebtImport'),
});

const scenariosRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/recouvrement/scenarios',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/debt-creditor/Scenarios.js'), 'DebtScenarios'),
});

const tasksRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/recouvrement/taches',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/debt-creditor/Tasks.js'), 'DebtTasks'),
});

const matchesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/recouvrement/rapprochements',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/debt-creditor/Matches.js'), 'DebtMatches'),
});

export const debtCreditorRoutes = [
  dashboardRoute,
  filesRoute,
  fileRoute,
  newFileRoute,
  importRoute,
  scenariosRoute,
  tasksRoute,
  matchesRoute,
] as const;
