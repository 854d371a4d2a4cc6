-- Social sign-in (issue 22, seed 7.2): identities at OpenID Connect providers linked to accounts,
-- the authorization requests in flight, and verified identities waiting for the person's choice.

-- One provider identity (issuer + subject, never the email) opens one account. Linked only after
-- the person proved the account (its password, and its authenticator code when enrolled).
CREATE TABLE social_identities (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  issuer text NOT NULL CHECK (char_length(issuer) BETWEEN 1 AND 300),
  subject text NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 255),
  provider_label text NOT NULL CHECK (char_length(provider_label) BETWEEN 1 AND 60),
  email text CHECK (char_length(email) <= 254),
  linked_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  CONSTRAINT social_identities_subject UNIQUE (issuer, subject)
);
CREATE INDEX social_identities_account ON social_identities (account_id, linked_at);

-- An authorization request (state, PKCE verifier, nonce), bound to the browser that started it
-- (digest of a key only that browser holds), answered once, for ten minutes.
CREATE TABLE social_flows (
  state_hash text PRIMARY KEY CHECK (char_length(state_hash) = 64),
  provider text NOT NULL CHECK (provider ~ '^[a-z0-9_-]{1,30}$'),
  browser_key_hash text NOT NULL CHECK (char_length(browser_key_hash) = 64),
  code_verifier text NOT NULL CHECK (char_length(code_verifier) BETWEEN 43 AND 128),
  nonce text NOT NULL CHECK (char_length(nonce) BETWEEN 16 AND 128),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX social_flows_expiry ON social_flows (expires_at);

-- A verified provider identity waiting: 'unlinked' for the person to link an existing account
-- (after proof) or sign up; 'second_factor' for a linked account's authenticator code.
-- Only the ticket's digest is kept; used once, for ten minutes.
CREATE TABLE social_tickets (
  ticket_hash text PRIMARY KEY CHECK (char_length(ticket_hash) = 64),
  kind text NOT NULL CHECK (kind IN ('unlinked', 'second_factor')),
  issuer text NOT NULL CHECK (char_length(issuer) BETWEEN 1 AND 300),
  subject text NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 255),
  provider_label text NOT NULL CHECK (char_length(provider_label) BETWEEN 1 AND 60),
  email text CHECK (char_length(email) <= 254),
  email_verified boolean NOT NULL DEFAULT false,
  given_name text CHECK (char_length(given_name) <= 100),
  family_name text CHECK (char_length(family_name) <= 100),
  account_id uuid REFERENCES accounts (id),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  CHECK ((kind = 'second_factor') = (account_id IS NOT NULL))
);
CREATE INDEX social_tickets_expiry ON social_tickets (expires_at);
