/**
 * A print job and a printer's state as the hub tells them (API, live channel) and the
 * counter app shows them: declared once here, so the hub, the app and any tool agree. A
 * failed job names why it was set aside, so staff never see a bare "unreachable" (issue 19).
 */
import { Type, type Static } from '@sinclair/typebox';

export const PrintJobStatusSchema = Type.Union([
  Type.Literal('queued'),
  Type.Literal('sending'),
  Type.Literal('printed'),
  Type.Literal('cancelled'),
  Type.Literal('failed'),
]);
export type PrintJobStatus = Static<typeof PrintJobStatusSchema>;

/**
 * Failed jobs named in a printer's status: enough for a manager to act on a bad day; the rest are in the print history.
 */
export const failedJobsShownPerPrinterMax = 10;

const Instant = Type.String({ maxLength: 40 });
const Reason = Type.String({ maxLength: 500 });
const JobId = Type.String({ pattern: '^[0-9a-f]{64}$' });
/** The copy number the job's paper carries: 0 for the original (no banner), n for "DUPLICATA n". */
const Copy = Type.Integer({ minimum: 0 });

/**
 * Why a job was set aside, as stable codes the screens put in staff's words; the job's
 * reason keeps the technical text for support.
 */
export const PrintFailureSchema = Type.Object({
  /**
   * ENCODING_FAILED: the ticket cannot be made into printer bytes; REPEATED_FAILURE: its send failed the same way too
   * often with the printer there.
   */
  code: Type.Union([Type.Literal('ENCODING_FAILED'), Type.Literal('REPEATED_FAILURE')]),
  /**
   * For REPEATED_FAILURE, the link's failure that repeated (PRINTER_CONNECTION_LOST, PRINTER_TIMEOUT…); null otherwise.
   */
  cause: Type.Union([Type.String({ maxLength: 60, pattern: '^[A-Z_]+$' }), Type.Null()]),
  /** How many times in a row it failed that way (1 for a ticket that cannot be encoded). */
  times: Type.Integer({ minimum: 1, maximum: 1000 }),
});
export type PrintFailure = Static<typeof PrintFailureSchema>;

export const PrintJobSchema = Type.Object({
  id: JobId,
  printerId: Type.String({ maxLength: 36 }),
  documentKey: Type.String({ maxLength: 200 }),
  copy: Copy,
  status: PrintJobStatusSchema,
  attempts: Type.Integer({ minimum: 0 }),
  lastError: Type.Union([Reason, Type.Null()]),
  /** Why the job was set aside; null unless status is "failed". */
  failedReason: Type.Union([Reason, Type.Null()]),
  /** The same, as codes; null unless status is "failed". */
  failure: Type.Union([PrintFailureSchema, Type.Null()]),
  createdAt: Instant,
  printedAt: Type.Union([Instant, Type.Null()]),
});
export type PrintJobView = Static<typeof PrintJobSchema>;

export const FailedPrintJobSchema = Type.Object({
  id: JobId,
  documentKey: Type.String({ maxLength: 200 }),
  copy: Copy,
  reason: Reason,
  failure: PrintFailureSchema,
  failedAt: Instant,
});
export type FailedPrintJob = Static<typeof FailedPrintJobSchema>;

export const PrinterStateSchema = Type.Union([
  Type.Literal('ready'),
  Type.Literal('paper_low'),
  Type.Literal('paper_out'),
  Type.Literal('cover_open'),
  Type.Literal('offline'),
  Type.Literal('unknown'),
]);

export const PrinterStatusSchema = Type.Object({
  printerId: Type.String({ maxLength: 36 }),
  /** The name staff gave the printer ("Caisse 1"). */
  name: Type.String({ maxLength: 80 }),
  /** ready, paper low/out, cover open, offline, or unknown (no status on this link). */
  state: PrinterStateSchema,
  /** Why it is in that state or waits ("PRINTER_UNREACHABLE: connect ECONNREFUSED…"); null when all is well. */
  detail: Type.Union([Reason, Type.Null()]),
  waitingJobs: Type.Integer({ minimum: 0 }),
  /** Jobs set aside (oldest first, at most a few): a manager retries, cancels or reprints them. */
  failedJobs: Type.Array(FailedPrintJobSchema, { maxItems: failedJobsShownPerPrinterMax }),
  at: Instant,
});
export type PrinterStatusView = Static<typeof PrinterStatusSchema>;
