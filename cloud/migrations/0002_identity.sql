-- Identity: signing keys, ISMAIL IDs, professional cards, verifications, audit log.

-- Private keys are sealed with the master key (AES-256-GCM); only public JWKs are plain.
CREATE TABLE signing_keys (
  kid text PRIMARY KEY CHECK (char_length(kid) BETWEEN 4 AND 64),
  purpose text NOT NULL CHECK (purpose IN ('card', 'access')),
  algorithm text NOT NULL CHECK (algorithm = 'ES256'),
  public_jwk jsonb NOT NULL,
  private_jwk_sealed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- No longer signs after retirement, but stays published until every token it signed expired.
  retired_at timestamptz,
  publish_until timestamptz
);
CREATE UNIQUE INDEX signing_keys_one_active_per_purpose ON signing_keys (purpose) WHERE retired_at IS NULL;

ALTER TABLE accounts
  ADD COLUMN first_name text CHECK (char_length(first_name) BETWEEN 1 AND 100),
  ADD COLUMN last_name text CHECK (char_length(last_name) BETWEEN 1 AND 100),
  ADD COLUMN status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'suspended', 'closed')),
  ADD COLUMN ismail_id text UNIQUE CHECK (ismail_id ~ '^[A-Z]{2}[0-9]{6}-[0-9A-HJKMNP-TV-Z]{4}-(CL|PT|CM|AD)$');

-- One row per allocated ISMAIL ID. (series, idx) is the capacity unit: 1,048,576 per
-- country, day and user type; the primary key makes a duplicate impossible.
CREATE TABLE ismail_id_allocations (
  series text NOT NULL CHECK (series ~ '^[A-Z]{2}[0-9]{6}-(CL|PT|CM|AD)$'),
  idx integer NOT NULL CHECK (idx BETWEEN 0 AND 1048575),
  ismail_id text NOT NULL UNIQUE,
  account_id uuid UNIQUE REFERENCES accounts (id),
  allocated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (series, idx)
);

CREATE TABLE cards (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  ismail_id text NOT NULL,
  state text NOT NULL CHECK (state IN ('active', 'suspended', 'revoked', 'superseded')),
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL CHECK (expires_at > issued_at),
  kid text NOT NULL REFERENCES signing_keys (kid),
  token text NOT NULL CHECK (char_length(token) <= 2000),
  state_changed_at timestamptz NOT NULL DEFAULT now(),
  state_reason text CHECK (char_length(state_reason) <= 500)
);
-- At most one card in force per account: renewal supersedes the previous one.
CREATE UNIQUE INDEX cards_one_in_force ON cards (account_id) WHERE state IN ('active', 'suspended');

CREATE TABLE card_events (
  id bigserial PRIMARY KEY,
  card_id uuid NOT NULL REFERENCES cards (id),
  event text NOT NULL CHECK (event IN ('issued', 'suspended', 'reinstated', 'revoked', 'superseded')),
  at timestamptz NOT NULL DEFAULT now(),
  actor_account_id uuid REFERENCES accounts (id),
  reason text CHECK (char_length(reason) <= 500)
);

-- Dynamic codes seen by the cloud: a second presentation is a replay. Rows past their
-- expiry are useless (the code is refused as expired anyway) and may be pruned.
CREATE TABLE dynamic_code_uses (
  jti text PRIMARY KEY CHECK (char_length(jti) <= 64),
  expires_at timestamptz NOT NULL
);

CREATE TABLE card_verifications (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  verifier_account_id uuid REFERENCES accounts (id),
  place text NOT NULL CHECK (char_length(place) <= 200),
  card_id uuid,
  ismail_id text,
  outcome text NOT NULL CHECK (outcome IN ('valid', 'refused')),
  reason text
);

-- Append-only, hash-chained audit log (SPEC 3.15). Each entry's hash covers its content
-- and the previous hash, so editing or deleting a row breaks the chain from there on.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY CHECK (seq >= 1),
  at timestamptz NOT NULL,
  actor_account_id uuid,
  actor_label text NOT NULL CHECK (char_length(actor_label) <= 200),
  action text NOT NULL CHECK (char_length(action) <= 100),
  subject_type text NOT NULL CHECK (char_length(subject_type) <= 50),
  subject_id text NOT NULL CHECK (char_length(subject_id) <= 100),
  place text NOT NULL CHECK (char_length(place) <= 200),
  detail jsonb NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
