/**
 * Limits of social sign-in and share pages. Each has a reason; raise one deliberately.
 */

/** An authorization request waits ten minutes for its answer: a slow login on 3G fits, a stolen state soon dies. */
export const flowTtlS = 10 * 60;

/** A verified identity waits ten minutes for the person to link or sign up. */
export const ticketTtlS = 10 * 60;

/** The query a provider sends back (code, state, iss, session_state): well under 2 KiB; 4 KiB means tampering. */
export const callbackQueryMaxChars = 4096;

/** Expired requests and tickets removed per sweep (bounded work on the request that sweeps). */
export const sweepRowsMax = 200;

/** Linked identities listed per account: a person links one or two providers. */
export const identitiesListedMax = 20;

/** A share card's description: WhatsApp shows about two lines; Open Graph readers cut near 300. */
export const shareDescriptionMaxChars = 200;
