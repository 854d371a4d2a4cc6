/** The debtor's debt collection routes (issue 26): /mes-dettes and below. Screens and words are lazy. */
export const debtRoutes = [] as const;
