/** The card area's routes (none yet). */
export const cardRoutes = [] as const;
