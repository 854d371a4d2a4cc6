/**
 * Limits of the simulated OpenID Connect provider. Each has a reason; raise one deliberately.
 */

/** The login form carries a login and a password: 4 KiB is far above any honest form. */
export const loginFormMaxBytes = 4096;

/** People the simulator knows (tests add a few each): bounded so a long demo cannot fill memory. */
export const simulatedUsersMax = 1000;

/** A login and a password are short words; longer means a runaway client. */
export const loginMaxChars = 100;

/** id_token lifetime, as large providers give (Google: one hour). */
export const idTokenTtlS = 3600;

/** An authorization code lives one minute: long enough for a slow 3G round trip, short as RFC 6749 §4.1.2 advises. */
export const authorizationCodeTtlS = 60;
