/**
 * The hub's bounds, each with why (STYLE trait 5). Limits that belong to one module's
 * contract with others live in shared/src/limits.ts; these are the hub's own.
 */

/**
 * A print job whose send fails the same way this many times in a row, each time with the
 * printer there (it answered its status, or the connection opened and died mid-job), is set
 * aside as failed so the tickets behind it print. One such failure is a knocked cable, two a
 * printer restarting; a third on the same ticket is the ticket. Each retry after a cut goes
 * out as a DUPLICATA and wastes paper, so a few, not many.
 */
export const printJobSameFailuresMax = 3;

/** A failure's reason as stored and shown (the column's CHECK): a sentence, not a stack trace. */
export const printFailureReasonMaxChars = 500;
