-- A poisoned print job never blocks its printer (issue 19): a job that cannot be encoded,
-- or whose send failed the same way too many times with the printer there, is set aside as
-- 'failed' with its reason, and the jobs behind it print. A manager retries, cancels or
-- reprints it. SQLite cannot widen a CHECK in place, so the table is rebuilt (no table
-- refers to print_jobs).
CREATE TABLE print_jobs_v2 (
  id TEXT PRIMARY KEY CHECK (length(id) = 64),
  seq INTEGER NOT NULL UNIQUE,
  printer_id TEXT NOT NULL REFERENCES printers (id),
  document_key TEXT NOT NULL CHECK (length(document_key) BETWEEN 1 AND 200),
  copy INTEGER NOT NULL CHECK (copy >= 0),
  blocks TEXT NOT NULL CHECK (json_valid(blocks) AND length(blocks) <= 1000000),
  open_drawer INTEGER NOT NULL DEFAULT 0 CHECK (open_drawer IN (0, 1)),
  -- queued: waiting for its turn or for the printer; sending: bytes may be leaving;
  -- printed: the printer took every byte; cancelled: by staff; failed: set aside, see failed_reason.
  status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'printed', 'cancelled', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT CHECK (length(last_error) <= 500),
  -- Set when a send was cut by a crash: it is sent again marked as a copy, never as a second original.
  interrupted INTEGER NOT NULL DEFAULT 0 CHECK (interrupted IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  printed_at TEXT,
  -- The code of the job's last failure counted against it, and how many times in a row it failed that way.
  failure_code TEXT CHECK (length(failure_code) <= 60),
  same_failures INTEGER NOT NULL DEFAULT 0 CHECK (same_failures >= 0),
  -- Why the job was set aside, and when: set on every failed job, kept once a manager
  -- cancels or reprints it (the history says why), cleared by a retry.
  failed_reason TEXT CHECK (length(failed_reason) <= 500),
  failed_at TEXT,
  CHECK (status <> 'failed' OR (failed_reason IS NOT NULL AND failed_at IS NOT NULL)),
  UNIQUE (printer_id, document_key, copy)
) STRICT;
INSERT INTO print_jobs_v2 (id, seq, printer_id, document_key, copy, blocks, open_drawer, status, attempts, next_attempt_at, last_error, interrupted, created_at, printed_at)
  SELECT id, seq, printer_id, document_key, copy, blocks, open_drawer, status, attempts, next_attempt_at, last_error, interrupted, created_at, printed_at FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_v2 RENAME TO print_jobs;
CREATE INDEX print_jobs_due ON print_jobs (printer_id, seq) WHERE status IN ('queued', 'sending');
CREATE INDEX print_jobs_failed ON print_jobs (printer_id, seq) WHERE status = 'failed';
