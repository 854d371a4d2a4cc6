/**
 * The debt collection area's routes for creditors and their agents (issue 26): /recouvrement and below. The debtor's
 * screens (/mes-dettes) are another file's. Screens and words are lazy (this file imports no screen statically).
 */
export const debtCreditorRoutes = [] as const;
