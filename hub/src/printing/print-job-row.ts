/**
 * A print job as the hub's SQLite file holds it, and as the API and counter see it (the
 * shared PrintJob shape). Owns the row's shape and its mapping; no SQL runs here.
 */
import type { PrintJobStatus, PrintJobView } from '@ismail/shared';

export type JobStatus = PrintJobStatus;
export type PrintJob = PrintJobView;

export interface JobRow {
  id: string;
  seq: number;
  printer_id: string;
  document_key: string;
  copy: number;
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

export function toJob(row: JobRow): PrintJob {
  return {
    id: row.id,
    printerId: row.printer_id,
    documentKey: row.document_key,
    copy: row.copy,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    failedReason: row.failed_reason,
    createdAt: row.created_at,
    printedAt: row.printed_at,
  };
}
