-- Failed sign-in budgets (issue 20.7, 20.8): how many tries one source has spent on one
-- account in the current window, shared by every cloud process. A try is reserved by one
-- atomic upsert (`attempts + 1 ... RETURNING attempts`) before the password is checked, so
-- parallel guesses each count and two processes cannot each grant a full budget. The key is
-- a SHA-256 of the account's email and the source (an address, or a hub's id): no email or
-- address is stored here. A success deletes its row; stale rows are swept as tries arrive.
CREATE TABLE sign_in_attempts (
  key text PRIMARY KEY CHECK (key ~ '^[a-z_]{1,20}:[0-9a-f]{64}$'),
  attempts integer NOT NULL CHECK (attempts >= 1),
  window_started_at timestamptz NOT NULL
);
CREATE INDEX sign_in_attempts_window ON sign_in_attempts (window_started_at);
