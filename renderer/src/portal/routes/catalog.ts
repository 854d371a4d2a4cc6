/**
 * The catalog area's routes: the partner's catalog: products (list with search, create, edit with stock per place,
 * delete), CSV/XLSX import (dry run first) and exports of the catalog and customers.
 * Screens and words are lazy (this file imports no screen, library or locale statically).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const listRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/catalog',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/catalog/CatalogList.js'), 'CatalogList'),
});

const newRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/catalog/new',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/catalog/ProductEditor.js'), 'NewProduct'),
});

const importRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/catalog/import',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/catalog/Import.js'), 'CatalogImport'),
});

const editRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/catalog/products/$productId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/catalog/ProductEditor.js'), 'EditProduct'),
});

export const catalogRoutes = [listRoute, newRoute, importRoute, editRoute] as const;
