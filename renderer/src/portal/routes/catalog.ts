/**
 * The catalog area's routes: the partner's catalog: products (create, edit, delete, photos), stock per place,
 * CSV/XLSX import (dry run first) and export of the catalog and customers.
 * Screens and words are lazy (this file imports no screen, library or locale statically).
 */
export const catalogRoutes = [] as const;
