/**
 * Limits of the simulated printer and its decoder. Each has a reason; raise one
 * deliberately.
 */

/** A 80 mm ticket with a logo is tens of KiB; 4 MiB means a runaway sender. */
export const jobMaxBytes = 4 * 1024 * 1024;

/** Kept in memory for tests and the status page; older ones live only in jobsDir. */
export const jobsKeptInMemory = 200;

/** Real printers serve one or two connections; a few more covers status polling. */
export const connectionsMax = 8;

/** Events kept per job: a long restaurant bill is about a thousand; past this the job is
 * garbage or an attack, and the rest is counted (cuts, drawer kicks) but not kept. */
export const decoderEventsMax = 20_000;

/** Characters of plain text kept per job: 4 MiB of `ESC d 255` would otherwise render to
 * hundreds of millions of blank lines. */
export const decoderTextMaxChars = 256 * 1024;

/** QR codes kept per job; a ticket has one or two. */
export const decoderQrCodesMax = 100;

/** ESC D takes at most 32 tab positions then NUL; GS k barcode data at most 255 bytes
 * then NUL. Past these the bytes are not part of the command. */
export const tabPositionsMax = 32;
export const barcodeDataMaxBytes = 255;

/** Height of a rendered ticket: 10 000 dots is 1.25 m of paper at 203 dpi; a longer
 * picture is cut there (and 576 × 10 000 grey pixels is under 6 MiB in memory). */
export const ticketHeightMaxDots = 10_000;

/** Receive buffer of a TM-series printer; when full, a slow printer stops reading and TCP
 * pushes back on the sender, as a real one does. */
export const receiveBufferBytes = 4096;

/** Slow printing consumes the receive buffer in steps this long. */
export const printTickMs = 20;

/** A fault change over HTTP is six small fields; a kilobyte is already generous. */
export const faultControlBodyMaxBytes = 1024;
