-- Issue 23, admin screens. An account suspended by an admin, with its reason and whether its card in force was
-- suspended with it (so reinstating the account reinstates that card, and never a card suspended on its own).
CREATE TABLE account_suspensions (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  -- What reinstating gives back (a pending account stays pending).
  previous_status text NOT NULL CHECK (previous_status IN ('pending', 'active')),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 3 AND 500),
  suspended_by uuid NOT NULL REFERENCES accounts (id),
  suspended_at timestamptz NOT NULL DEFAULT now(),
  card_id uuid REFERENCES cards (id),
  reinstated_by uuid REFERENCES accounts (id),
  reinstated_at timestamptz,
  reinstate_reason text CHECK (char_length(reinstate_reason) BETWEEN 3 AND 500),
  CHECK ((reinstated_at IS NULL) = (reinstated_by IS NULL))
);
-- At most one open suspension per account: two admins suspending at once cannot both write one.
CREATE UNIQUE INDEX account_suspensions_open ON account_suspensions (account_id) WHERE reinstated_at IS NULL;

-- The ledger check run as a background job (the scheduler's wallet.ledger-check): asked by an admin, taken by one
-- cloud process, its result kept so the screen shows the last one instead of holding a request open.
CREATE TABLE ledger_check_runs (
  id uuid PRIMARY KEY,
  requested_by uuid NOT NULL REFERENCES accounts (id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  started_at timestamptz,
  finished_at timestamptz,
  ok boolean,
  problems jsonb,
  totals jsonb,
  failure text CHECK (char_length(failure) <= 500),
  CHECK ((state = 'done') = (ok IS NOT NULL))
);
-- At most one run waiting or running: asking again while one is on its way answers that one.
CREATE UNIQUE INDEX ledger_check_runs_pending ON ledger_check_runs ((true)) WHERE state IN ('queued', 'running');
CREATE INDEX ledger_check_runs_latest ON ledger_check_runs (requested_at DESC);
