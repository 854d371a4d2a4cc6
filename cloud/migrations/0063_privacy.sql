-- Personal-data rights (issue 27, SPEC 3.15, law 2013-450): a person's rectification and erasure requests, decided by
-- an administrator, and the retention periods the daily job applies. What each table holds and what erasure does to it
-- is declared in code (each module's personal-data.ts), not here.

CREATE TABLE privacy_requests (
  id uuid PRIMARY KEY,
  -- Kept after erasure (the person's rows are gone, the request is the proof it was done): no FK cascade.
  account_id uuid NOT NULL REFERENCES accounts (id),
  kind text NOT NULL CHECK (kind IN ('rectification', 'erasure')),
  details text NOT NULL CHECK (char_length(details) BETWEEN 1 AND 2000),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'refused')),
  decided_by uuid REFERENCES accounts (id),
  decided_at timestamptz,
  note text CHECK (char_length(note) <= 1000),
  created_at timestamptz NOT NULL,
  -- A decision is complete or absent: no half-decided row.
  CONSTRAINT privacy_requests_decided CHECK ((status = 'open') = (decided_at IS NULL AND decided_by IS NULL))
);
-- One open request of each kind per person: a double click or a retry finds the first one.
CREATE UNIQUE INDEX privacy_requests_one_open ON privacy_requests (account_id, kind) WHERE status = 'open';
CREATE INDEX privacy_requests_status ON privacy_requests (status, created_at);

-- One row: the periods in force (the admin changes them; the job reads them at each run).
CREATE TABLE privacy_retention (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  kyc_years integer NOT NULL DEFAULT 5 CHECK (kyc_years BETWEEN 1 AND 20),
  notification_content_days integer NOT NULL DEFAULT 90 CHECK (notification_content_days BETWEEN 7 AND 3650),
  updated_by uuid REFERENCES accounts (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO privacy_retention (id) VALUES (true);
