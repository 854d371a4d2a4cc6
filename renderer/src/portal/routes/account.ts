/** The account area's routes (none yet). */
export const accountRoutes = [] as const;
