-- Collection files (issue 26's core, opened early by issue 25: an unpaid rent opens one automatically). The generic
-- file the Recouvrement module works on: a creditor, a debtor (an account, or a person known by name and contact),
-- where the debt comes from, what is owed and what was paid, and its status. Issue 26 adds the scenarios, reminders,
-- promises, plans, and moves the offline-overdraft files of `debt_files` (0013, in centi-credits, owed to ISMAIL)
-- into this table.
--
-- A source (one rent due, one invoice) opens at most one file, whatever jobs race: UNIQUE (source, source_ref).
CREATE TABLE collection_files (
  id uuid PRIMARY KEY,
  creditor_id uuid NOT NULL REFERENCES accounts (id),
  debtor_id uuid REFERENCES accounts (id),
  debtor_name text NOT NULL CHECK (char_length(debtor_name) BETWEEN 1 AND 160),
  debtor_phone text CHECK (debtor_phone ~ '^\+[1-9][0-9]{7,14}$'),
  debtor_email text CHECK (char_length(debtor_email) <= 254),
  source text NOT NULL CHECK (source IN ('invoice', 'lease_rent', 'overdraft', 'manual', 'import')),
  source_ref text NOT NULL CHECK (char_length(source_ref) BETWEEN 1 AND 200),
  label text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 200),
  principal_xof bigint NOT NULL CHECK (principal_xof > 0),
  fees_xof bigint NOT NULL DEFAULT 0 CHECK (fees_xof >= 0),
  paid_xof bigint NOT NULL DEFAULT 0 CHECK (paid_xof >= 0 AND paid_xof <= principal_xof + fees_xof),
  due_on date NOT NULL,
  status text NOT NULL CHECK (
    status IN ('open', 'in_reminder', 'promise', 'plan', 'disputed', 'paid', 'written_off', 'legal')
  ),
  assigned_agent_id uuid REFERENCES accounts (id),
  -- Commercial debts lapse after five years (OHADA AUDCG art. 16).
  prescription_on date NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT collection_files_one_per_source UNIQUE (source, source_ref),
  CONSTRAINT collection_files_closed CHECK ((status IN ('paid', 'written_off')) = (closed_at IS NOT NULL))
);
CREATE INDEX collection_files_creditor ON collection_files (creditor_id, opened_at DESC);
CREATE INDEX collection_files_debtor ON collection_files (debtor_id, opened_at DESC) WHERE debtor_id IS NOT NULL;

-- The history of a file: opened, payment, status change, note. Append only.
CREATE TABLE collection_file_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  file_id uuid NOT NULL REFERENCES collection_files (id),
  kind text NOT NULL CHECK (kind IN ('opened', 'payment', 'status', 'note')),
  amount_xof bigint CHECK (amount_xof > 0),
  detail jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (octet_length(detail::text) <= 4000),
  actor text NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 120),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX collection_file_events_file ON collection_file_events (file_id, id);
