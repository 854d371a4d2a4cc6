/** The card area's routes: my card (signed in), loaded when first visited. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const cardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/card',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/card/MyCard.js'), 'MyCard'),
});

export const cardRoutes = [cardRoute] as const;
