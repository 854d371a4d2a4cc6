/**
 * The shop area's routes (buyer): catalogue with typed search params, product page, the device cart and checkout,
 * my orders, an order's timeline and its review screen. Screens are lazy: nothing here imports them.
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

/** What the catalogue's address may say: text and category, both optional and bounded. */
export interface ShopSearchParams {
  readonly text?: string;
  readonly category?: string;
}

export function shopSearchParams(search: Record<string, unknown>): ShopSearchParams {
  const text = typeof search.text === 'string' ? search.text.trim().slice(0, 100) : '';
  const category = typeof search.category === 'string' && /^[a-z0-9_-]{1,40}$/.test(search.category);
  return {
    ...(text === '' ? {} : { text }),
    ...(category ? { category: search.category as string } : {}),
  };
}

const shopCatalogRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/shop',
  beforeLoad: requireSession,
  validateSearch: shopSearchParams,
  component: lazyRouteComponent(() => import('../screens/shop/ShopSearch.js'), 'ShopSearch'),
});

const productRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/shop/products/$productId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/shop/Product.js'), 'Product'),
});

const cartRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/shop/cart',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/shop/Cart.js'), 'Cart'),
});

const ordersRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/shop/orders',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/shop/Orders.js'), 'Orders'),
});

const orderRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/shop/orders/$orderId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/shop/Order.js'), 'Order'),
});

/** The review invitation's link (cloud/src/modules/shop/review-invitation.ts) opens this screen. */
const reviewRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/shop/orders/$orderId/review',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/shop/Review.js'), 'Review'),
});

export const shopRoutes = [shopCatalogRoute, productRoute, cartRoute, ordersRoute, orderRoute, reviewRoute] as const;
