-- Hubs (SPEC 3.8): counters paired to a partner's establishment by an admin, each with its
-- own credentials; a revoked hub can no longer sync. Its operations are applied exactly once
-- and in its own order.
CREATE TABLE hubs (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES accounts (id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
  status text NOT NULL CHECK (status IN ('pending', 'active', 'revoked')),
  -- One-time pairing code (SHA-256; the code itself is shown once to the admin).
  pairing_code_hash text CHECK (pairing_code_hash ~ '^[0-9a-f]{64}$'),
  pairing_expires_at timestamptz,
  -- The hub's sync token (SHA-256 of it; the token lives only at the hub).
  token_hash text UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  -- The hub's public key (Ed25519, JWK), sent at pairing, for signed requests to come.
  public_key jsonb,
  last_applied_seq bigint NOT NULL DEFAULT 0,
  last_seen_at timestamptz,
  last_clock_skew_ms integer,
  created_by uuid NOT NULL REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  paired_at timestamptz,
  revoked_at timestamptz,
  CONSTRAINT hubs_name UNIQUE (partner_id, name)
);

CREATE TABLE hub_operations (
  hub_id uuid NOT NULL REFERENCES hubs (id),
  op_id uuid NOT NULL,
  seq bigint NOT NULL CHECK (seq >= 1),
  type text NOT NULL CHECK (char_length(type) <= 40),
  -- SHA-256 of the canonical operation: the same id with other content is refused, not applied.
  content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  status text NOT NULL CHECK (status IN ('applied', 'rejected')),
  reason text CHECK (char_length(reason) <= 500),
  result jsonb,
  hub_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hub_id, op_id),
  CONSTRAINT hub_operations_seq UNIQUE (hub_id, seq)
);
