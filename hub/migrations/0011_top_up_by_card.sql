-- Cash for credits with the client's card scanned (SPEC 3.8, the counter app's Credits screen):
-- the card gives the ISMAIL ID, not the account id, which the cloud resolves when the top-up
-- reaches it. A top-up names one or the other. SQLite cannot relax a column's constraint in
-- place: the table is rebuilt with its rows, in this migration's transaction.
CREATE TABLE cash_top_ups_next (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  account_id TEXT CHECK (account_id IS NULL OR length(account_id) = 36),
  ismail_id TEXT CHECK (ismail_id IS NULL OR length(ismail_id) BETWEEN 5 AND 40),
  amount_xof INTEGER NOT NULL CHECK (amount_xof BETWEEN 1 AND 2000000),
  at TEXT NOT NULL,
  outbox_seq INTEGER NOT NULL UNIQUE REFERENCES outbox (seq),
  cash_session_id TEXT REFERENCES cash_sessions (id),
  staff_id TEXT,
  CHECK ((account_id IS NULL) <> (ismail_id IS NULL))
) STRICT;
INSERT INTO cash_top_ups_next (id, account_id, amount_xof, at, outbox_seq, cash_session_id, staff_id)
  SELECT id, account_id, amount_xof, at, outbox_seq, cash_session_id, staff_id FROM cash_top_ups;
DROP TABLE cash_top_ups;
ALTER TABLE cash_top_ups_next RENAME TO cash_top_ups;
CREATE INDEX cash_top_ups_session ON cash_top_ups (cash_session_id);
