/** The shop area's routes (none yet). */
export const shopRoutes = [] as const;
