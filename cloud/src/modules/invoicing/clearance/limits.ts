/** Limits of the clearance connectors. Each has a reason; change one deliberately. */

/** One call to a tax authority. FNE signs synchronously and e-MECeF answers each step at
 * once; a cashier can wait 20 s, and a slower answer is treated as uncertain, not failed. */
export const clearanceTimeoutMsDefault = 20_000;

/** Largest answer read from an authority: an FNE invoice echo of 1000 lines is about
 * 300 KiB; anything past 2 MiB is not an answer we can trust. */
export const clearanceAnswerMaxBytes = 2 * 1024 * 1024;

/** e-MECeF keeps at most 10 pending requests per e-MCF (research 2.6): a scan never needs more. */
export const emecefPendingScanMax = 10;

/** uids remembered by the in-memory e-MECeF journal (tests, demos); production passes a durable one. */
export const emecefJournalMemoryMax = 10_000;
