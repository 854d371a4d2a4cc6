/** The booking area's routes (none yet). */
export const bookingRoutes = [] as const;
