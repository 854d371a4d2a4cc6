/**
 * The root of the portal's route tree and the guard every signed-in route uses. Each area of the
 * portal (wallet, card, shop…) declares its routes in its own file beside this one, so that areas
 * grow without touching each other; router.tsx assembles them.
 */
import { createRootRoute, redirect } from '@tanstack/react-router';
import { Layout } from '../screens/Layout.js';
import { currentSession } from '../session.js';

export const rootRoute = createRootRoute({ component: Layout });

/** Sends a signed-out person to sign-in before the route loads anything. */
export const requireSession = (): void => {
  // TanStack Router's redirect is a thrown value by design (not an Error): the router catches it.
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  if (currentSession() === null) throw redirect({ to: '/sign-in' });
};
