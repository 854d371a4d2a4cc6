-- Documents (issue 27): one sealed store for every document (KYC, leases, receipts, invoices' PDFs, exports, data
-- exports, ticket attachments, bank statements) kept in PostgreSQL so that every cloud process reads what another
-- wrote; the long export jobs a person follows; the retention of each kind.

CREATE TABLE documents (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (
    kind IN ('kyc', 'lease', 'receipt', 'invoice_pdf', 'export', 'data_export', 'ticket_attachment', 'bank_statement')
  ),
  -- Whose document it is; null for ISMAIL's own.
  owner_account_id uuid REFERENCES accounts (id),
  filename text NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 200 AND filename !~ '[/\\]'),
  content_type text NOT NULL CHECK (char_length(content_type) BETWEEN 1 AND 200),
  size_bytes bigint NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),
  chunk_count integer NOT NULL DEFAULT 0 CHECK (chunk_count >= 0),
  -- Null while the bytes are being written: such a row is invisible and, left by a crash, removed by the retention job.
  sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  erase_after timestamptz,
  erased_at timestamptz,
  erased_reason text CHECK (char_length(erased_reason) <= 300),
  CONSTRAINT documents_erased_with_reason CHECK ((erased_at IS NULL) = (erased_reason IS NULL))
);
CREATE INDEX documents_owner ON documents (owner_account_id, created_at DESC);
CREATE INDEX documents_due ON documents (erase_after) WHERE erased_at IS NULL AND erase_after IS NOT NULL;
CREATE INDEX documents_unfinished ON documents (created_at) WHERE sha256 IS NULL AND erased_at IS NULL;

-- At most 256 KiB of plain bytes each, sealed (AES-256-GCM) with the context 'document:<id>:<seq>': a chunk moved to
-- another document or position does not open.
CREATE TABLE document_chunks (
  document_id uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq >= 0),
  sealed text NOT NULL,
  PRIMARY KEY (document_id, seq)
);

-- Days a document of each kind is kept; null: its owner's module decides (KYC: the privacy module's rule).
CREATE TABLE document_retention (
  kind text PRIMARY KEY CHECK (
    kind IN ('kyc', 'lease', 'receipt', 'invoice_pdf', 'export', 'data_export', 'ticket_attachment', 'bank_statement')
  ),
  days integer CHECK (days BETWEEN 1 AND 36500),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO document_retention (kind, days) VALUES
  ('export', 7), ('data_export', 7), ('bank_statement', 3650), ('ticket_attachment', 1095), ('receipt', 3650),
  ('invoice_pdf', 3650), ('lease', 3650), ('kyc', NULL);

-- A long job a person follows (a report export, a personal-data ZIP, a statement import): queued, claimed by one
-- process under a lease (a crashed process's job is taken again once the lease lapses), at most 3 attempts.
CREATE TABLE export_jobs (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' AND char_length(kind) <= 80),
  label text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 200),
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  idempotency_key text CHECK (char_length(idempotency_key) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  done_rows integer NOT NULL DEFAULT 0 CHECK (done_rows >= 0),
  total_rows integer CHECK (total_rows >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  progress_at timestamptz,
  lease_until timestamptz,
  finished_at timestamptz,
  document_id uuid REFERENCES documents (id),
  error text CHECK (char_length(error) <= 500),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 3),
  CONSTRAINT export_jobs_once_per_key UNIQUE (account_id, idempotency_key),
  CONSTRAINT export_jobs_done_has_document CHECK (status <> 'done' OR document_id IS NOT NULL)
);
CREATE INDEX export_jobs_account ON export_jobs (account_id, created_at DESC);
CREATE INDEX export_jobs_waiting ON export_jobs (created_at) WHERE status IN ('queued', 'running');
