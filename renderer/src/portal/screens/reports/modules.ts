/** The modules a report may be narrowed to: the wallet's module names (migration 0004), in the menu's order. */
export const reportModules = ['shop', 'booking', 'services', 'real_estate', 'debt_collection'] as const;
