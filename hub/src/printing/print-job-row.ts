/**
 * A print job as the hub's SQLite file holds it, and as the API and counter see it (the
 * shared PrintJob shape). Owns the row's shape and its mapping; no SQL runs here.
 */
import type { PrintFailure, PrintJobStatus, PrintJobView } from '@ismail/shared';

export type JobStatus = PrintJobStatus;
export type PrintJob = PrintJobView;

export interface JobRow {
  id: string;
  seq: number;
  printer_id: string;
  document_key: string;
  /** The copy number the job was queued with (part of its id): 0 for an original. */
  copy: number;
  /** The number its paper carries once a cut original went out again as a copy; null: `copy`. */
  copy_on_paper: number | null;
  blocks: string;
  open_drawer: number;
  status: JobStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  interrupted: number;
  created_at: string;
  printed_at: string | null;
  failure_code: string | null;
  same_failures: number;
  failed_reason: string | null;
  failed_at: string | null;
}

/**
 * Why a failed job was set aside, as codes, from the row: `failure_code` is ENCODING_FAILED
 * for a ticket the encoder refused, else the link's failure counted `same_failures` times.
 */
export function failureOf(row: Pick<JobRow, 'status' | 'failure_code' | 'same_failures'>): PrintFailure | null {
  if (row.status !== 'failed') return null;
  if (row.failure_code === null || row.failure_code === 'ENCODING_FAILED')
    return { code: 'ENCODING_FAILED', cause: null, times: 1 };
  return { code: 'REPEATED_FAILURE', cause: row.failure_code, times: Math.max(row.same_failures, 1) };
}

export function toJob(row: JobRow): PrintJob {
  return {
    id: row.id,
    printerId: row.printer_id,
    documentKey: row.document_key,
    copy: row.copy_on_paper ?? row.copy,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    failedReason: row.failed_reason,
    failure: failureOf(row),
    createdAt: row.created_at,
    printedAt: row.printed_at,
  };
}
