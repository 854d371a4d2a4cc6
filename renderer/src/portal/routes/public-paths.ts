/**
 * The screens a signed-out person may open (sign-in, and whatever each area adds: sign-up, the
 * social sign-in's return). Every other path sends them to sign-in: deny by default.
 */
const publicPathPrefixes: readonly string[] = [
  '/sign-in',
  '/sign-up',
  '/social/sign-in',
  '/social/callback',
  '/forgot-password',
  '/reset-password',
];

export const isPublicPath = (pathname: string): boolean =>
  publicPathPrefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
