/** The social area's routes (none yet). */
export const socialRoutes = [] as const;
