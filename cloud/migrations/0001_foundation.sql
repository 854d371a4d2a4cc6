-- Foundation: accounts for the seven profiles (SPEC 3.4) and the demo marker.
-- The identity issue extends accounts (KYC, ISMAIL ID, hierarchy, second factor).

CREATE TABLE accounts (
  id uuid PRIMARY KEY,
  profile text NOT NULL CHECK (profile IN (
    'hyper_admin', 'super_admin', 'admin', 'agency_chief', 'sales_rep', 'partner', 'client')),
  display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 200),
  email text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254 AND email = lower(email)),
  password_hash text NOT NULL CHECK (char_length(password_hash) <= 500),
  country text NOT NULL DEFAULT 'CI' CHECK (country ~ '^[A-Z]{2}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT accounts_email_unique UNIQUE (email)
);

-- One row per seed run so demo data is created once, never duplicated by a second start.
CREATE TABLE demo_seed (
  name text PRIMARY KEY,
  seeded_at timestamptz NOT NULL DEFAULT now()
);
