/**
 * The support area's routes (issue 27). Screens and words are lazy (this file imports no screen statically).
 */
export const supportRoutes = [] as const;
