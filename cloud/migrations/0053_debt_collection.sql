-- Debt collection (Recouvrement, seed 3.2.5, issue 26) on the collection files of 0051: reminder scenarios, the
-- consolidated reminders and every contact attempt, opt-outs, promises, payment plans, disputes, agents' tasks and the
-- queue of payments waiting for the creditor to match them.

-- A file owed to ISMAIL itself (an offline overdraft it lent) has no creditor account.
ALTER TABLE collection_files ALTER COLUMN creditor_id DROP NOT NULL;
ALTER TABLE collection_files
  -- Who the engine contacts, one key per person whatever the file: an account, else a phone, else an e-mail. Caps
  -- (1 SMS a day, 3 a week) and consolidation count by it.
  ADD COLUMN debtor_key text GENERATED ALWAYS AS (
    coalesce('a:' || debtor_id::text, 'p:' || debtor_phone, 'e:' || lower(debtor_email), 'f:' || id::text)
  ) STORED,
  -- The status a pause (promise, plan, dispute) came from, to resume it.
  ADD COLUMN resume_status text CHECK (resume_status IN ('open', 'in_reminder')),
  ADD COLUMN prescription_warned_at timestamptz;
CREATE INDEX collection_files_live ON collection_files (creditor_id, debtor_key)
  WHERE status IN ('open', 'in_reminder', 'promise', 'plan', 'disputed', 'legal');
CREATE INDEX collection_files_debtor_key ON collection_files (debtor_key);

ALTER TABLE collection_file_events DROP CONSTRAINT collection_file_events_kind_check;
ALTER TABLE collection_file_events ADD CONSTRAINT collection_file_events_kind_check CHECK (
  kind IN ('opened', 'payment', 'status', 'note', 'reminder', 'promise', 'plan', 'dispute', 'task', 'assigned', 'import')
);

-- A creditor's scenario: steps by days from the due date (shared/src/debt-collection/scenario.ts validates them).
CREATE TABLE collection_scenarios (
  id uuid PRIMARY KEY,
  creditor_id uuid REFERENCES accounts (id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
  steps jsonb NOT NULL CHECK (jsonb_typeof(steps) = 'array' AND jsonb_array_length(steps) BETWEEN 1 AND 12),
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  archived_at timestamptz
);
CREATE UNIQUE INDEX collection_scenarios_one_default ON collection_scenarios (coalesce(creditor_id::text, 'ismail'))
  WHERE is_default AND archived_at IS NULL;
ALTER TABLE collection_files ADD COLUMN scenario_id uuid REFERENCES collection_scenarios (id);

-- One consolidated reminder per creditor, debtor and Abidjan day, whatever the number of files and jobs.
CREATE TABLE collection_reminders (
  id uuid PRIMARY KEY,
  creditor_key text NOT NULL CHECK (char_length(creditor_key) <= 40),
  debtor_key text NOT NULL CHECK (char_length(debtor_key) <= 300),
  day date NOT NULL,
  channels text[] NOT NULL,
  file_ids uuid[] NOT NULL CHECK (cardinality(file_ids) BETWEEN 1 AND 200),
  total_due_xof bigint NOT NULL CHECK (total_due_xof >= 0),
  status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'unfunded')),
  -- The 2-credit charge (tariff debt_reminder), once per reminder sent: its ledger operation.
  charge_operation_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  CONSTRAINT collection_reminders_once_a_day UNIQUE (creditor_key, debtor_key, day)
);

-- Which scenario steps of a file are behind it, and in which reminder.
CREATE TABLE collection_file_steps (
  file_id uuid NOT NULL REFERENCES collection_files (id),
  step_key text NOT NULL CHECK (char_length(step_key) BETWEEN 1 AND 20),
  reminder_id uuid REFERENCES collection_reminders (id),
  done_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (file_id, step_key)
);

-- Every attempt to reach a debtor, with its delivery status (the contact policy counts SMS here).
CREATE TABLE collection_contact_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reminder_id uuid REFERENCES collection_reminders (id),
  debtor_key text NOT NULL CHECK (char_length(debtor_key) <= 300),
  channel text NOT NULL CHECK (channel IN ('sms', 'email', 'push', 'in_app', 'letter', 'call')),
  -- "+225 07 •• •• •• 12", "k•••@example.ci": never the whole address in a log.
  destination_masked text CHECK (char_length(destination_masked) <= 120),
  status text NOT NULL CHECK (
    status IN ('queued', 'sent', 'delivered', 'failed', 'skipped_opt_out', 'skipped_cap', 'skipped_no_address')
  ),
  notification_delivery_id uuid,
  detail text CHECK (char_length(detail) <= 500),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX collection_contact_attempts_caps ON collection_contact_attempts (debtor_key, channel, at DESC);
CREATE INDEX collection_contact_attempts_reminder ON collection_contact_attempts (reminder_id);

-- A debtor's "stop" per channel (a link in the message, or the portal): honoured before every send.
CREATE TABLE collection_opt_outs (
  debtor_key text NOT NULL CHECK (char_length(debtor_key) <= 300),
  channel text NOT NULL CHECK (channel IN ('sms', 'email', 'push')),
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (debtor_key, channel)
);

CREATE TABLE collection_promises (
  id uuid PRIMARY KEY,
  file_id uuid NOT NULL REFERENCES collection_files (id),
  amount_xof bigint NOT NULL CHECK (amount_xof > 0),
  promised_on date NOT NULL,
  -- What was paid on the file when the promise was made: kept when paid_xof reaches it plus amount_xof.
  paid_before_xof bigint NOT NULL CHECK (paid_before_xof >= 0),
  status text NOT NULL CHECK (status IN ('pending', 'kept', 'broken', 'cancelled')),
  created_by text NOT NULL CHECK (char_length(created_by) BETWEEN 1 AND 120),
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  CHECK ((status = 'pending') = (resolved_at IS NULL))
);
CREATE UNIQUE INDEX collection_promises_one_pending ON collection_promises (file_id) WHERE status = 'pending';

CREATE TABLE collection_plans (
  id uuid PRIMARY KEY,
  file_id uuid NOT NULL REFERENCES collection_files (id),
  status text NOT NULL CHECK (status IN ('active', 'completed', 'broken', 'cancelled')),
  -- The broken-plan rule: an instalment still unpaid this many days after its date breaks the plan.
  grace_days integer NOT NULL DEFAULT 5 CHECK (grace_days BETWEEN 0 AND 30),
  paid_before_xof bigint NOT NULL CHECK (paid_before_xof >= 0),
  created_by text NOT NULL CHECK (char_length(created_by) BETWEEN 1 AND 120),
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  CHECK ((status = 'active') = (resolved_at IS NULL))
);
CREATE UNIQUE INDEX collection_plans_one_active ON collection_plans (file_id) WHERE status = 'active';
CREATE TABLE collection_plan_instalments (
  plan_id uuid NOT NULL REFERENCES collection_plans (id),
  seq integer NOT NULL CHECK (seq BETWEEN 1 AND 60),
  due_on date NOT NULL,
  amount_xof bigint NOT NULL CHECK (amount_xof > 0),
  PRIMARY KEY (plan_id, seq)
);

CREATE TABLE collection_disputes (
  id uuid PRIMARY KEY,
  file_id uuid NOT NULL REFERENCES collection_files (id),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
  opened_by text NOT NULL CHECK (char_length(opened_by) BETWEEN 1 AND 120),
  opened_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL CHECK (status IN ('open', 'upheld', 'rejected')),
  resolution text CHECK (char_length(resolution) <= 1000),
  resolved_by text CHECK (char_length(resolved_by) <= 120),
  resolved_at timestamptz,
  CHECK ((status = 'open') = (resolved_at IS NULL))
);
CREATE UNIQUE INDEX collection_disputes_one_open ON collection_disputes (file_id) WHERE status = 'open';

-- Work for the creditor's agent a step asks for (a call, a formal notice to check, a hand-off to legal).
CREATE TABLE collection_tasks (
  id uuid PRIMARY KEY,
  file_id uuid NOT NULL REFERENCES collection_files (id),
  step_key text CHECK (char_length(step_key) BETWEEN 1 AND 20),
  kind text NOT NULL CHECK (kind IN ('call', 'letter', 'legal')),
  assigned_to uuid REFERENCES accounts (id),
  due_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
  note text CHECK (char_length(note) <= 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz,
  CONSTRAINT collection_tasks_once_per_step UNIQUE (file_id, step_key)
);
CREATE INDEX collection_tasks_open ON collection_tasks (assigned_to, due_on) WHERE status = 'open';

-- Money that reached a creditor without naming a file, suggested for one by amount and payer, until the creditor
-- confirms or rejects it. One suggestion per ledger operation.
CREATE TABLE collection_payment_suggestions (
  id uuid PRIMARY KEY,
  creditor_id uuid NOT NULL REFERENCES accounts (id),
  operation_id uuid NOT NULL UNIQUE,
  payer_id uuid REFERENCES accounts (id),
  amount_xof bigint NOT NULL CHECK (amount_xof > 0),
  file_id uuid REFERENCES collection_files (id),
  status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected')),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  decided_by uuid REFERENCES accounts (id)
);
CREATE INDEX collection_payment_suggestions_pending ON collection_payment_suggestions (creditor_id, created_at)
  WHERE status = 'pending';
