-- Sign-in sessions, TOTP, the hierarchy (agencies, chiefs, sales reps, attached partners,
-- partner staff) and KYC cases with their encrypted documents.

CREATE TABLE agencies (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$')
);

ALTER TABLE accounts
  ADD COLUMN agency_id uuid REFERENCES agencies (id),
  -- A sales rep's agency chief.
  ADD COLUMN supervisor_id uuid REFERENCES accounts (id),
  -- A partner's sales rep: exactly one, changed only through an approved transfer.
  ADD COLUMN sales_rep_id uuid REFERENCES accounts (id),
  -- A counter operator: staff of this partner, with the actions it delegated.
  ADD COLUMN staff_of uuid REFERENCES accounts (id),
  ADD COLUMN delegated_actions text[] CHECK (delegated_actions <@ ARRAY['read', 'write', 'modify', 'delete']::text[]),
  ADD COLUMN totp_secret_sealed text,
  ADD COLUMN totp_enabled_at timestamptz,
  -- The last 30-second step accepted: a code is never accepted twice.
  ADD COLUMN totp_last_step bigint,
  ADD CONSTRAINT staff_are_partners CHECK (staff_of IS NULL OR profile = 'partner');

CREATE INDEX accounts_supervisor ON accounts (supervisor_id);
CREATE INDEX accounts_sales_rep ON accounts (sales_rep_id);
CREATE INDEX accounts_staff_of ON accounts (staff_of);

CREATE TABLE attachment_transfers (
  id bigserial PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES accounts (id),
  from_sales_rep_id uuid REFERENCES accounts (id),
  to_sales_rep_id uuid NOT NULL REFERENCES accounts (id),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 3 AND 500),
  approved_by uuid NOT NULL REFERENCES accounts (id),
  at timestamptz NOT NULL DEFAULT now()
);

-- Refresh tokens are stored as SHA-256 only. Each rotation makes a new row in the same
-- family; presenting a used one again ends the whole family (theft detection).
CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  family_id uuid NOT NULL,
  account_id uuid NOT NULL REFERENCES accounts (id),
  refresh_hash text NOT NULL UNIQUE,
  second_factor boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz,
  revoke_reason text
);
CREATE INDEX sessions_family ON sessions (family_id);

CREATE TABLE kyc_cases (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  state text NOT NULL CHECK (state IN ('draft', 'in_review', 'approved', 'rejected')),
  consent_version text,
  consent_at timestamptz,
  checks jsonb NOT NULL DEFAULT '{}',
  submitted_at timestamptz,
  reviewer_id uuid REFERENCES accounts (id),
  decided_at timestamptz,
  decision_reason text CHECK (char_length(decision_reason) <= 500),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX kyc_one_open_case ON kyc_cases (account_id) WHERE state IN ('draft', 'in_review');

-- Metadata only: the bytes live encrypted (AES-256-GCM under the master key) in files.
CREATE TABLE kyc_documents (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES kyc_cases (id),
  kind text NOT NULL CHECK (kind IN ('id_document', 'photo', 'proof_of_address')),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
  size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 5242880),
  created_at timestamptz NOT NULL DEFAULT now()
);
