/**
 * The desk area's routes: the agency chief's ID desk in the browser (camera or typed ISMAIL ID), the desk's log, the
 * team tree and attachment transfer requests.
 * Screens and words are lazy (this file imports no screen, library or locale statically).
 */
export const deskRoutes = [] as const;
