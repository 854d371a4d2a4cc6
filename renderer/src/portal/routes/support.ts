/**
 * The support area's routes (issue 27): my claims, a new claim (about an order, a booking… from the query string),
 * one claim's thread, and the admins' queue. Screens and words are lazy (this file imports no screen statically).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const aboutTypes = ['order', 'booking', 'service_request', 'invoice', 'debt_file', 'card'] as const;

/** What a « Signaler un problème » link may say; anything else is dropped, so a bad link opens a plain form. */
export interface NewTicketSearch {
  readonly type?: (typeof aboutTypes)[number];
  readonly id?: string;
}

export function newTicketSearch(search: Record<string, unknown>): NewTicketSearch {
  const type = aboutTypes.find((a) => a === search.type);
  const id = typeof search.id === 'string' && /^[\w-]{1,64}$/.test(search.id) ? search.id : undefined;
  return type !== undefined && id !== undefined ? { type, id } : {};
}

const listRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reclamations',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/support/Tickets.js'), 'Tickets'),
});

const newRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reclamations/nouvelle',
  beforeLoad: requireSession,
  validateSearch: newTicketSearch,
  component: lazyRouteComponent(() => import('../screens/support/NewTicket.js'), 'NewTicketForm'),
});

const ticketRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reclamations/$ticketId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/support/TicketPage.js'), 'TicketPage'),
});

const queueRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/reclamations',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/support/AdminQueue.js'), 'AdminQueue'),
});

export const supportRoutes = [listRoute, newRoute, ticketRoute, queueRoute] as const;
