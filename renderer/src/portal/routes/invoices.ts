/** The invoices area's routes (none yet). */
export const invoiceRoutes = [] as const;
