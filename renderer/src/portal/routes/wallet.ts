/** The wallet area's routes (none yet). */
export const walletRoutes = [] as const;
