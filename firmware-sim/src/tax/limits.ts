/**
 * Limits of the simulated tax authorities (FNE, e-MECeF). Each has a reason; raise one
 * deliberately. (Payment, SMS and mail simulators keep theirs in ../limits.ts.)
 */

/** Request bodies: a 200-line invoice is about 60 KiB of JSON; 256 KiB means a runaway
 * client, not an invoice. */
export const taxBodyMaxBytes = 256 * 1024;

/** Lines per invoice. Neither authority documents a bound; a supermarket ticket rarely
 * passes 200 lines, so 1000 is generous and still bounded. */
export const taxItemsMax = 1000;

/** Free texts (names, descriptions, messages, references) echoed back. */
export const taxTextMaxChars = 500;

/** Certified documents (and pending e-MECeF requests) kept in memory; the oldest is
 * dropped first, with its lookup entries. A day of a busy demo is a few hundred. */
export const taxRecordsMax = 10_000;

/** Results of one simulated lookup (FNE search): enough for any reconciliation. */
export const taxSearchResultsMax = 50;

/** Payment lines on an e-MECeF invoice: one per means of payment in practice. */
export const emecefPaymentsMax = 20;
