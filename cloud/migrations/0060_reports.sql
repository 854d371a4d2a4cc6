-- Reports (issue 27): saved reports e-mailed on a schedule, and the record of each period sent, so that a period goes
-- out once even when two job runs race or the process stops right after sending.

CREATE TABLE report_schedules (
  id uuid PRIMARY KEY,
  -- Whose report it is: the scope (own, partners, team, all) is this account's, read again at every run.
  account_id uuid NOT NULL REFERENCES accounts (id),
  kind text NOT NULL CHECK (kind IN (
    'sales', 'money_flows', 'commissions', 'wallet_balances', 'activity', 'invoices_taxes', 'debt_recovery')),
  format text NOT NULL CHECK (format IN ('csv', 'xlsx', 'pdf')),
  frequency text NOT NULL CHECK (frequency IN ('daily', 'weekly', 'monthly')),
  -- IANA zone the periods and the hour are counted in (checked by luxon before the insert).
  time_zone text NOT NULL CHECK (char_length(time_zone) BETWEEN 1 AND 64),
  hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  weekday smallint CHECK (weekday BETWEEN 1 AND 7),
  month_day smallint CHECK (month_day BETWEEN 1 AND 28),
  delivery text NOT NULL CHECK (delivery IN ('attachment', 'link')),
  module text CHECK (module ~ '^[a-z_]{1,40}$'),
  next_run_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CHECK ((frequency = 'weekly') = (weekday IS NOT NULL)),
  CHECK ((frequency = 'monthly') = (month_day IS NOT NULL))
);
CREATE INDEX report_schedules_account ON report_schedules (account_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX report_schedules_due ON report_schedules (next_run_at) WHERE deleted_at IS NULL;

-- One row per schedule and period: the unique key is what makes a period sent once. A run claims the row (status
-- 'sending') in its own committed transaction before the mail goes; 'sent' is final; 'failed' (the mail server or the
-- report refused, nothing went) is taken again by a later run. A 'sending' row left by a process that stopped is never
-- taken again: the mail may have gone, and a period is sent at most once.
CREATE TABLE report_sends (
  schedule_id uuid NOT NULL REFERENCES report_schedules (id),
  period_start date NOT NULL,
  period_end date NOT NULL CHECK (period_end >= period_start),
  status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 1 CHECK (attempts > 0),
  claimed_at timestamptz NOT NULL,
  sent_at timestamptz,
  document_id uuid,
  error text CHECK (char_length(error) <= 500),
  PRIMARY KEY (schedule_id, period_start),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
