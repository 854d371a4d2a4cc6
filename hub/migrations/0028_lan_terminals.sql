-- Several registers on one hub (issue 28.1): terminals on the shop LAN paired with a one-time
-- code shown on the hub's own screen. A terminal has its number (its invoice register is the
-- hub's with -T<n>), a device token (only its SHA-256 here) and may be revoked; a staff
-- session belongs to the terminal it was opened on (NULL: the hub's own screen). Numbers are
-- never reused, so a revoked terminal's series is never continued by another machine.
CREATE TABLE terminals (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  number INTEGER NOT NULL UNIQUE CHECK (number BETWEEN 1 AND 99),
  label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 60),
  token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  paired_at TEXT NOT NULL,
  paired_by TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by TEXT
) STRICT;

CREATE TABLE terminal_pairing_codes (
  -- SHA-256 of the code: a copy of this file pairs nothing.
  code_hash TEXT PRIMARY KEY CHECK (length(code_hash) = 64),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  terminal_id TEXT REFERENCES terminals (id)
) STRICT;

ALTER TABLE staff_sessions ADD COLUMN terminal_id TEXT REFERENCES terminals (id);
CREATE INDEX staff_sessions_terminal ON staff_sessions (terminal_id) WHERE ended_at IS NULL AND terminal_id IS NOT NULL;

-- Units on the shelf at this hub, counted by a manager: a product with a row is sold only while
-- units remain (checked and taken in the sale's IMMEDIATE transaction, for every terminal at
-- once); a product without one is not counted here. Never below zero, whatever the code does.
CREATE TABLE hub_stock (
  product_id TEXT PRIMARY KEY CHECK (length(product_id) = 36),
  on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
  counted_at TEXT NOT NULL,
  counted_by TEXT NOT NULL
) STRICT;
