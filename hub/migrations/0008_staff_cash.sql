-- People at the counter and their cash (SPEC 3.8): who the cloud accepted here (with a salted
-- verifier of the password it last accepted, so they can sign in offline for a few days),
-- their sessions, the cash sessions every sale and top-up belongs to, and a local audit trail.

CREATE TABLE staff_credentials (
  account_id TEXT PRIMARY KEY CHECK (length(account_id) = 36),
  email TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254 AND email = lower(email)),
  name TEXT NOT NULL CHECK (length(name) <= 200),
  ismail_id TEXT CHECK (ismail_id IS NULL OR length(ismail_id) <= 40),
  role TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
  -- scrypt$N$r$p$salt$key of the password the cloud last accepted; never the password.
  verifier TEXT NOT NULL CHECK (length(verifier) <= 300),
  confirmed_at TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0)
) STRICT;

CREATE TABLE staff_sessions (
  -- SHA-256 of the bearer token: a copy of this file opens no session.
  token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
  account_id TEXT NOT NULL CHECK (length(account_id) = 36),
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
  mode TEXT NOT NULL CHECK (mode IN ('online', 'offline')),
  started_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ended_at TEXT
) STRICT;
CREATE INDEX staff_sessions_account ON staff_sessions (account_id) WHERE ended_at IS NULL;

-- One drawer per hub: at most one session open at a time.
CREATE TABLE cash_sessions (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  number INTEGER NOT NULL UNIQUE CHECK (number >= 1),
  -- An account id, or 'hub-admin' for the machine's administrator.
  opened_by TEXT NOT NULL,
  opened_by_name TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  float_xof INTEGER NOT NULL CHECK (float_xof BETWEEN 0 AND 100000000),
  is_open INTEGER GENERATED ALWAYS AS (closed_at IS NULL) VIRTUAL,
  closed_at TEXT,
  counted_xof INTEGER CHECK (counted_xof IS NULL OR counted_xof BETWEEN 0 AND 100000000),
  z_report TEXT CHECK (z_report IS NULL OR json_valid(z_report)),
  outbox_seq INTEGER UNIQUE REFERENCES outbox (seq),
  CHECK ((closed_at IS NULL) = (z_report IS NULL) AND (closed_at IS NULL) = (outbox_seq IS NULL))
) STRICT;
CREATE UNIQUE INDEX cash_sessions_one_open ON cash_sessions (is_open) WHERE closed_at IS NULL;
-- A closed session's Z report is final.
CREATE TRIGGER cash_sessions_closed_frozen BEFORE UPDATE ON cash_sessions WHEN OLD.closed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'a closed cash session is never changed'); END;
CREATE TRIGGER cash_sessions_kept BEFORE DELETE ON cash_sessions BEGIN SELECT RAISE(ABORT, 'a cash session is never deleted'); END;

ALTER TABLE counter_sales ADD COLUMN cash_session_id TEXT REFERENCES cash_sessions (id);
ALTER TABLE counter_sales ADD COLUMN staff_id TEXT;
ALTER TABLE cash_top_ups ADD COLUMN cash_session_id TEXT REFERENCES cash_sessions (id);
ALTER TABLE cash_top_ups ADD COLUMN staff_id TEXT;
ALTER TABLE hub_invoices ADD COLUMN cash_session_id TEXT REFERENCES cash_sessions (id);
ALTER TABLE hub_invoices ADD COLUMN staff_id TEXT;
CREATE INDEX counter_sales_session ON counter_sales (cash_session_id);
CREATE INDEX cash_top_ups_session ON cash_top_ups (cash_session_id);
CREATE INDEX hub_invoices_session ON hub_invoices (cash_session_id);

-- Sensitive acts at this counter (sign-ins, refusals, cash counts, exports, wipes), append-only.
CREATE TABLE hub_audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL CHECK (length(actor) <= 200),
  action TEXT NOT NULL CHECK (length(action) <= 80),
  detail TEXT NOT NULL CHECK (json_valid(detail) AND length(detail) <= 4000)
) STRICT;
CREATE TRIGGER hub_audit_frozen BEFORE UPDATE ON hub_audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER hub_audit_kept BEFORE DELETE ON hub_audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
