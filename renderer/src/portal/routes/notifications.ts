/** The notifications area's routes (none yet). */
export const notificationRoutes = [] as const;
