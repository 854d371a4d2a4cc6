-- Bank reconciliation (SPEC 3.14, issue 27): a partner's (or ISMAIL's: owner NULL) bank statements imported from
-- camt.053 or CSV, their lines, the matches with invoices and ledger operations, and every change of a line.

-- A bank's CSV columns, saved once per owner and bank.
CREATE TABLE bank_mappings (
  owner_id uuid REFERENCES accounts (id),
  bank_name text NOT NULL CHECK (char_length(bank_name) BETWEEN 1 AND 60),
  mapping jsonb NOT NULL CHECK (jsonb_typeof(mapping) = 'object'),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bank_mappings_once UNIQUE NULLS NOT DISTINCT (owner_id, bank_name)
);

CREATE TABLE bank_statements (
  id uuid PRIMARY KEY,
  owner_id uuid REFERENCES accounts (id),
  format text NOT NULL CHECK (format IN ('camt053', 'csv')),
  bank_name text NOT NULL CHECK (char_length(bank_name) BETWEEN 1 AND 60),
  file_name text NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 200),
  -- The same file imported twice is the same statement (the importer retries over 3G).
  file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  account_iban text CHECK (char_length(account_iban) <= 40),
  from_date date,
  to_date date,
  opening_xof bigint,
  closing_xof bigint,
  imported_by uuid NOT NULL REFERENCES accounts (id),
  imported_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bank_statements_file_once UNIQUE NULLS NOT DISTINCT (owner_id, file_sha256)
);
CREATE INDEX bank_statements_owner ON bank_statements (owner_id, imported_at DESC);

CREATE TABLE bank_lines (
  id uuid PRIMARY KEY,
  statement_id uuid NOT NULL REFERENCES bank_statements (id),
  -- Copied from the statement so every line query filters on the owner without a join.
  owner_id uuid REFERENCES accounts (id),
  position integer NOT NULL CHECK (position >= 1),
  booked_on date NOT NULL,
  -- Signed: a credit (money in) is positive. 0 when the line could not be read (problem says why).
  amount_xof bigint NOT NULL,
  reference text NOT NULL CHECK (char_length(reference) <= 200),
  counterparty_name text NOT NULL CHECK (char_length(counterparty_name) <= 200),
  label text NOT NULL CHECK (char_length(label) <= 500),
  -- Why the line cannot be reconciled (another currency): kept so the statement stays whole.
  problem text CHECK (char_length(problem) <= 300),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reconciled', 'split', 'disputed')),
  dispute_reason text CHECK (char_length(dispute_reason) <= 500),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (statement_id, position),
  CHECK (problem IS NULL OR status IN ('open', 'disputed'))
);
CREATE INDEX bank_lines_statement ON bank_lines (statement_id, position);

-- A target (an invoice, a ledger operation) is matched by one line at most per owner: the unique constraint decides
-- when two accepts race, never a read. Per owner, because one top-up shows on two statements: the partner's (money
-- out) and ISMAIL's (money in).
CREATE TABLE bank_matches (
  id bigserial PRIMARY KEY,
  line_id uuid NOT NULL REFERENCES bank_lines (id),
  owner_id uuid REFERENCES accounts (id),
  target_type text NOT NULL CHECK (target_type IN ('invoice', 'ledger')),
  target_id uuid NOT NULL,
  amount_xof bigint NOT NULL CHECK (amount_xof <> 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bank_matches_target_once UNIQUE NULLS NOT DISTINCT (owner_id, target_type, target_id)
);
CREATE INDEX bank_matches_line ON bank_matches (line_id);

-- Every change of a line, oldest first (the history screen); also in the audit log.
CREATE TABLE bank_line_events (
  id bigserial PRIMARY KEY,
  line_id uuid NOT NULL REFERENCES bank_lines (id),
  at timestamptz NOT NULL,
  actor_id uuid REFERENCES accounts (id),
  action text NOT NULL CHECK (action IN ('imported', 'accepted', 'split', 'disputed', 'reopened')),
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX bank_line_events_line ON bank_line_events (line_id, id);
