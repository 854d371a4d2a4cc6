/**
 * The dashboard area's routes: the professional dashboard: KPIs, charts (uPlot, loaded only here) and widgets each
 * user arranges, saved to the cloud.
 * Screens and words are lazy (this file imports no screen, library or locale statically).
 */
export const dashboardRoutes = [] as const;
