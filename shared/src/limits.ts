/**
 * Limits shared by every package. Each has a reason; raise one deliberately.
 */

/** HTTP bodies: the largest legitimate body before KYC uploads (which get their own
 * route limit) is a sync batch; 1 MiB keeps a bad client from exhausting memory. */
export const httpBodyMaxBytes = 1024 * 1024;

/** A client-supplied request id is echoed in logs and errors; bound it. */
export const requestIdMaxChars = 100;

/** Connecting to a database, printer or peer should fail fast at a counter. */
export const connectTimeoutMs = 5000;

/** A health check that takes longer than this is itself a failure. */
export const healthCheckTimeoutMs = 2000;
