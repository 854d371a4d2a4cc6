-- Offline counter operations and the outbox that carries them to the cloud (SPEC 3.8). A
-- counter operation and its outbox entry commit in one transaction (synchronous=FULL), before
-- anything is shown as done; the outbox numbers operations 1, 2, 3... without gaps, which is
-- the order the cloud applies them in.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY CHECK (seq >= 1),
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  type TEXT NOT NULL CHECK (length(type) <= 40),
  payload TEXT NOT NULL CHECK (json_valid(payload) AND length(payload) <= 100000),
  at TEXT NOT NULL,
  -- pending: not yet answered by the cloud; applied or duplicate: done; rejected: shown to staff.
  status TEXT NOT NULL CHECK (status IN ('pending', 'applied', 'duplicate', 'rejected')),
  reason TEXT CHECK (length(reason) <= 500),
  result TEXT CHECK (result IS NULL OR json_valid(result)),
  synced_at TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (seq) WHERE status = 'pending';

-- The counter's own record of cash taken for credits (what the drawer must hold).
CREATE TABLE cash_top_ups (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  account_id TEXT NOT NULL CHECK (length(account_id) = 36),
  amount_xof INTEGER NOT NULL CHECK (amount_xof BETWEEN 1 AND 2000000),
  at TEXT NOT NULL,
  outbox_seq INTEGER NOT NULL UNIQUE REFERENCES outbox (seq)
) STRICT;

CREATE TABLE counter_sales (
  sale_id TEXT PRIMARY KEY CHECK (length(sale_id) BETWEEN 1 AND 80),
  items TEXT NOT NULL CHECK (json_valid(items)),
  at TEXT NOT NULL,
  outbox_seq INTEGER NOT NULL UNIQUE REFERENCES outbox (seq)
) STRICT;
