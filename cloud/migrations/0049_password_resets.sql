-- Password reset by e-mail link (the gap left by issue 23: a partner a sales rep created has a password nobody
-- knows, and anyone who forgets theirs had no way back). A link carries a random one-time token; only its SHA-256
-- is kept here, never the token. A link works once, for 30 minutes, and a newer link ends the older unused one
-- (`invalidated_at`), so at most one link of an account is live (the partial unique index says so).
CREATE TABLE password_resets (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  token_hash text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  invalidated_at timestamptz,
  CONSTRAINT password_resets_token UNIQUE (token_hash),
  CONSTRAINT password_resets_expiry CHECK (expires_at > created_at),
  CONSTRAINT password_resets_ended_once CHECK (used_at IS NULL OR invalidated_at IS NULL)
);
-- The per-account budget counts this account's links of the last hour.
CREATE INDEX password_resets_account ON password_resets (account_id, created_at DESC);
CREATE UNIQUE INDEX password_resets_one_live ON password_resets (account_id)
  WHERE used_at IS NULL AND invalidated_at IS NULL;

-- Reset requests per source address and hour, counted by one atomic upsert whatever the address asked for (an
-- unknown e-mail counts too, so a source cannot enumerate or flood). The key is a SHA-256 of the address: no
-- address is stored. Kept apart from sign_in_attempts, whose sweep ends windows after a quarter of an hour.
CREATE TABLE password_reset_budgets (
  key text PRIMARY KEY CHECK (key ~ '^source:[0-9a-f]{64}$'),
  requests integer NOT NULL CHECK (requests >= 1),
  window_started_at timestamptz NOT NULL
);
CREATE INDEX password_reset_budgets_window ON password_reset_budgets (window_started_at);
