-- Issue 25, the Real estate module (Immobilier, seed 3.2.4 and figure 5): properties and their listings for rent or
-- sale, moderation (duplicates, reports, "still available?"), search with a map and saved searches, visits without
-- double booking, leases under Côte d'Ivoire law 2018-575 signed in the portal, and the rent schedule whose unpaid
-- dues open debt-collection files.
--
-- Rules the database keeps whatever the code does: one agent is never at two visits at once (exclusion constraint
-- over requested and confirmed visits); a lease's deposit and advance are at most two months of rent each; a rent due
-- is unique per lease and month; a listing period is charged once per idempotency key.

-- The place being let or sold. The exact position is private; `public_lat_e6/lng_e6` is the point shown to anyone
-- who has no confirmed visit when the owner asked for it to be fuzzed (moved by up to ~500 m once, at save).
CREATE TABLE real_estate_properties (
  id uuid PRIMARY KEY,
  -- The partner account that owns or manages the property (a landlord, or an agency).
  owner_id uuid NOT NULL REFERENCES accounts (id),
  kind text NOT NULL CHECK (kind IN ('apartment', 'house', 'villa', 'studio', 'land', 'office', 'shop')),
  title text NOT NULL CHECK (char_length(title) BETWEEN 3 AND 120),
  description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
  city text NOT NULL DEFAULT 'Abidjan' CHECK (char_length(city) BETWEEN 1 AND 80),
  commune text NOT NULL CHECK (char_length(commune) BETWEEN 1 AND 80),
  neighbourhood text NOT NULL DEFAULT '' CHECK (char_length(neighbourhood) <= 120),
  lat_e6 integer NOT NULL CHECK (lat_e6 BETWEEN -90000000 AND 90000000),
  lng_e6 integer NOT NULL CHECK (lng_e6 BETWEEN -180000000 AND 180000000),
  public_lat_e6 integer NOT NULL CHECK (public_lat_e6 BETWEEN -90000000 AND 90000000),
  public_lng_e6 integer NOT NULL CHECK (public_lng_e6 BETWEEN -180000000 AND 180000000),
  fuzz_position boolean NOT NULL DEFAULT true,
  area_m2 integer NOT NULL CHECK (area_m2 BETWEEN 1 AND 1000000),
  rooms smallint NOT NULL DEFAULT 0 CHECK (rooms BETWEEN 0 AND 100),
  bedrooms smallint NOT NULL DEFAULT 0 CHECK (bedrooms BETWEEN 0 AND 100),
  bathrooms smallint NOT NULL DEFAULT 0 CHECK (bathrooms BETWEEN 0 AND 100),
  furnished boolean NOT NULL DEFAULT false,
  video_url text CHECK (video_url IS NULL OR (char_length(video_url) <= 500 AND video_url ~ '^https://')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX real_estate_properties_owner ON real_estate_properties (owner_id, created_at DESC);

-- How long a publication lasts and how many tariff periods it costs (tariff real_estate_listing, SPEC 3.5: 4 credits
-- per listing per period). Data, so admins add a plan without a release.
CREATE TABLE real_estate_listing_plans (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  label_fr text NOT NULL CHECK (char_length(label_fr) BETWEEN 1 AND 80),
  label_en text NOT NULL CHECK (char_length(label_en) BETWEEN 1 AND 80),
  period_days integer NOT NULL CHECK (period_days BETWEEN 1 AND 366),
  tariff_units integer NOT NULL CHECK (tariff_units BETWEEN 1 AND 12),
  active boolean NOT NULL DEFAULT true,
  sort integer NOT NULL DEFAULT 0
);
INSERT INTO real_estate_listing_plans (code, label_fr, label_en, period_days, tariff_units, sort) VALUES
  ('month', '30 jours', '30 days', 30, 1, 10),
  ('quarter', '90 jours', '90 days', 90, 3, 20);

CREATE TABLE real_estate_listings (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES real_estate_properties (id),
  -- Copied from the property: every owner check and index reads one row.
  owner_id uuid NOT NULL REFERENCES accounts (id),
  -- Who shows the place and confirms visits: the owner or one of its staff.
  agent_id uuid NOT NULL REFERENCES accounts (id),
  deal text NOT NULL CHECK (deal IN ('rent', 'sale')),
  -- Monthly rent for 'rent', the asking price for 'sale'.
  price_xof bigint NOT NULL CHECK (price_xof > 0 AND price_xof <= 100000000000),
  charges_xof bigint NOT NULL DEFAULT 0 CHECK (charges_xof >= 0 AND charges_xof <= 100000000),
  -- What the owner means to ask at signature (checked again on the lease): months of rent.
  deposit_months smallint NOT NULL DEFAULT 0 CHECK (deposit_months BETWEEN 0 AND 2),
  advance_months smallint NOT NULL DEFAULT 0 CHECK (advance_months BETWEEN 0 AND 2),
  status text NOT NULL CHECK (status IN ('draft', 'pending_review', 'published', 'expired', 'rented', 'sold', 'suspended')),
  plan_code text NOT NULL REFERENCES real_estate_listing_plans (code),
  -- The phone a candidate calls; with price and area it is the duplicate key of listings without a shared photo.
  contact_phone text NOT NULL CHECK (contact_phone ~ '^\+[1-9][0-9]{7,14}$'),
  published_at timestamptz,
  expires_at timestamptz,
  -- Moderation: the listing this one repeats and why it was flagged; a suspension's reason.
  duplicate_of uuid REFERENCES real_estate_listings (id),
  duplicate_reason text CHECK (duplicate_reason IN ('photo', 'phone_price_area')),
  moderation_note text CHECK (char_length(moderation_note) <= 1000),
  -- "Still available?" pings on old listings: asked, and answered.
  availability_asked_at timestamptz,
  availability_confirmed_at timestamptz,
  reminded_d7_at timestamptz,
  reminded_d1_at timestamptz,
  views integer NOT NULL DEFAULT 0 CHECK (views >= 0),
  contacts integer NOT NULL DEFAULT 0 CHECK (contacts >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT real_estate_listings_published CHECK (
    status NOT IN ('published', 'expired') OR (published_at IS NOT NULL AND expires_at IS NOT NULL AND expires_at > published_at)
  )
);
CREATE INDEX real_estate_listings_owner ON real_estate_listings (owner_id, created_at DESC);
CREATE INDEX real_estate_listings_agent ON real_estate_listings (agent_id);
CREATE INDEX real_estate_listings_search ON real_estate_listings (deal, price_xof) WHERE status = 'published';
CREATE INDEX real_estate_listings_expiry ON real_estate_listings (expires_at) WHERE status = 'published';
CREATE INDEX real_estate_listings_dup_key ON real_estate_listings (contact_phone, price_xof);

-- Each paid publication period: what it covers and the ledger operation that paid it. Renewing adds a period after
-- the current end (never from today); the idempotency key makes a retried renewal one period, charged once.
CREATE TABLE real_estate_listing_periods (
  id uuid PRIMARY KEY,
  listing_id uuid NOT NULL REFERENCES real_estate_listings (id),
  plan_code text NOT NULL REFERENCES real_estate_listing_plans (code),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  charged_centi bigint NOT NULL CHECK (charged_centi >= 0),
  ledger_operation_id uuid,
  idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
  created_by uuid NOT NULL REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT real_estate_listing_periods_once UNIQUE (listing_id, idempotency_key)
);

-- Photos of a listing: WebP variants without metadata, and a 64-bit perceptual hash (dHash, as 16 hex digits) that
-- finds the same photo re-uploaded under another listing.
CREATE TABLE real_estate_photos (
  id uuid PRIMARY KEY,
  listing_id uuid NOT NULL REFERENCES real_estate_listings (id),
  owner_id uuid NOT NULL REFERENCES accounts (id),
  position smallint NOT NULL CHECK (position BETWEEN 0 AND 19),
  small_webp bytea NOT NULL CHECK (octet_length(small_webp) <= 1048576),
  large_webp bytea NOT NULL CHECK (octet_length(large_webp) <= 4194304),
  phash text NOT NULL CHECK (phash ~ '^[0-9a-f]{16}$'),
  caption text NOT NULL DEFAULT '' CHECK (char_length(caption) <= 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT real_estate_photos_position UNIQUE (listing_id, position)
);
CREATE INDEX real_estate_photos_phash ON real_estate_photos (phash);

-- Reports by users (bait, fee asked to visit, already let, wrong price...), reviewed by admins.
CREATE TABLE real_estate_reports (
  id uuid PRIMARY KEY,
  listing_id uuid NOT NULL REFERENCES real_estate_listings (id),
  reporter_id uuid NOT NULL REFERENCES accounts (id),
  reason text NOT NULL CHECK (reason IN ('visit_fee', 'bait', 'not_available', 'wrong_info', 'duplicate', 'other')),
  detail text NOT NULL DEFAULT '' CHECK (char_length(detail) <= 1000),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
  decided_by uuid REFERENCES accounts (id),
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT real_estate_reports_once UNIQUE (listing_id, reporter_id)
);
CREATE INDEX real_estate_reports_open ON real_estate_reports (created_at) WHERE status = 'open';

-- Views and contacts per listing and day: the owner's performance chart.
CREATE TABLE real_estate_listing_daily (
  listing_id uuid NOT NULL REFERENCES real_estate_listings (id),
  day date NOT NULL,
  views integer NOT NULL DEFAULT 0 CHECK (views >= 0),
  contacts integer NOT NULL DEFAULT 0 CHECK (contacts >= 0),
  visits integer NOT NULL DEFAULT 0 CHECK (visits >= 0),
  PRIMARY KEY (listing_id, day)
);

-- A candidate's saved search: the filters as the search route takes them; alerts for listings published since.
CREATE TABLE real_estate_saved_searches (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
  filters jsonb NOT NULL CHECK (octet_length(filters::text) <= 4000),
  alerts boolean NOT NULL DEFAULT true,
  -- Listings published up to this moment were already alerted (or existed when the search was saved).
  alerted_until timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX real_estate_saved_searches_account ON real_estate_saved_searches (account_id);

-- Times the agent offers for visits of a listing.
CREATE TABLE real_estate_visit_slots (
  id uuid PRIMARY KEY,
  listing_id uuid NOT NULL REFERENCES real_estate_listings (id),
  agent_id uuid NOT NULL REFERENCES accounts (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT real_estate_visit_slots_time CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '4 hours'),
  CONSTRAINT real_estate_visit_slots_once UNIQUE (listing_id, starts_at)
);

-- A visit: requested on a slot, confirmed by the agent. One agent is never at two visits at once: a requested or
-- confirmed visit holds its time, and PostgreSQL refuses a second one overlapping it, whatever the requests racing.
CREATE TABLE real_estate_visits (
  id uuid PRIMARY KEY,
  listing_id uuid NOT NULL REFERENCES real_estate_listings (id),
  property_id uuid NOT NULL REFERENCES real_estate_properties (id),
  slot_id uuid REFERENCES real_estate_visit_slots (id),
  visitor_id uuid NOT NULL REFERENCES accounts (id),
  agent_id uuid NOT NULL REFERENCES accounts (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  during tstzrange NOT NULL,
  status text NOT NULL CHECK (status IN ('requested', 'confirmed', 'declined', 'cancelled', 'done', 'no_show')),
  message text NOT NULL DEFAULT '' CHECK (char_length(message) <= 1000),
  confirmed_at timestamptz,
  reminded_at timestamptz,
  cancelled_by text CHECK (cancelled_by IN ('visitor', 'agent')),
  idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT real_estate_visits_time CHECK (ends_at > starts_at AND during = tstzrange(starts_at, ends_at)),
  CONSTRAINT real_estate_visits_once UNIQUE (visitor_id, idempotency_key),
  CONSTRAINT real_estate_visits_no_overlap EXCLUDE USING gist (agent_id WITH =, during WITH &&)
    WHERE (status IN ('requested', 'confirmed'))
);
CREATE INDEX real_estate_visits_visitor ON real_estate_visits (visitor_id, starts_at DESC);
CREATE INDEX real_estate_visits_agent ON real_estate_visits (agent_id, starts_at DESC);
CREATE INDEX real_estate_visits_property ON real_estate_visits (property_id, starts_at) WHERE status = 'confirmed';
CREATE INDEX real_estate_visits_reminder ON real_estate_visits (starts_at) WHERE status = 'confirmed' AND reminded_at IS NULL;

-- A lease (bail) made from a listing between its owner (landlord) and a tenant, both ISMAIL accounts. Law 2018-575:
-- deposit and advance at most two months of rent each (checked by the service with the law's reason, and here as a
-- last line); revision only after three years with three months' notice.
CREATE TABLE real_estate_leases (
  id uuid PRIMARY KEY,
  listing_id uuid NOT NULL REFERENCES real_estate_listings (id),
  property_id uuid NOT NULL REFERENCES real_estate_properties (id),
  landlord_id uuid NOT NULL REFERENCES accounts (id),
  tenant_id uuid NOT NULL REFERENCES accounts (id),
  rent_xof bigint NOT NULL CHECK (rent_xof > 0 AND rent_xof <= 100000000),
  charges_xof bigint NOT NULL DEFAULT 0 CHECK (charges_xof >= 0),
  deposit_xof bigint NOT NULL DEFAULT 0 CHECK (deposit_xof >= 0 AND deposit_xof <= 2 * rent_xof),
  advance_xof bigint NOT NULL DEFAULT 0 CHECK (advance_xof >= 0 AND advance_xof <= 2 * rent_xof),
  starts_on date NOT NULL,
  duration_months integer NOT NULL CHECK (duration_months BETWEEN 1 AND 120),
  revision_on date NOT NULL,
  -- Rent is due on this day of each month, and late after the grace days.
  payment_day smallint NOT NULL DEFAULT 5 CHECK (payment_day BETWEEN 1 AND 28),
  grace_days smallint NOT NULL DEFAULT 5 CHECK (grace_days BETWEEN 0 AND 30),
  status text NOT NULL CHECK (status IN ('awaiting_signatures', 'active', 'ended', 'cancelled')),
  -- The generated contract: its bytes are kept in real_estate_documents, its SHA-256 here and on each signature.
  document_id uuid,
  document_sha256 text CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
  signed_at timestamptz,
  deposit_returned_xof bigint CHECK (deposit_returned_xof >= 0 AND deposit_returned_xof <= deposit_xof),
  deposit_returned_at timestamptz,
  deposit_return_note text CHECK (char_length(deposit_return_note) <= 1000),
  ended_on date,
  idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT real_estate_leases_parties CHECK (landlord_id <> tenant_id),
  CONSTRAINT real_estate_leases_revision CHECK (revision_on >= starts_on + interval '3 years'),
  CONSTRAINT real_estate_leases_once UNIQUE (landlord_id, idempotency_key)
);
CREATE INDEX real_estate_leases_landlord ON real_estate_leases (landlord_id, created_at DESC);
CREATE INDEX real_estate_leases_tenant ON real_estate_leases (tenant_id, created_at DESC);

-- Documents of a lease: the contract, each rent receipt (quittance), the deposit's return. Bytes kept as issued: a
-- hash is verifiable against them for as long as the lease is kept.
CREATE TABLE real_estate_documents (
  id uuid PRIMARY KEY,
  lease_id uuid NOT NULL REFERENCES real_estate_leases (id),
  kind text NOT NULL CHECK (kind IN ('lease', 'receipt', 'deposit_return')),
  file_name text NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 120),
  content bytea NOT NULL CHECK (octet_length(content) <= 5242880),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX real_estate_documents_lease ON real_estate_documents (lease_id, created_at);

-- Each party's signature of the contract: typed name, drawn signature, when and from where, and the hash of the
-- exact document signed.
CREATE TABLE real_estate_lease_signatures (
  lease_id uuid NOT NULL REFERENCES real_estate_leases (id),
  party text NOT NULL CHECK (party IN ('landlord', 'tenant')),
  account_id uuid NOT NULL REFERENCES accounts (id),
  typed_name text NOT NULL CHECK (char_length(typed_name) BETWEEN 2 AND 120),
  signature_png bytea NOT NULL CHECK (octet_length(signature_png) BETWEEN 100 AND 262144),
  signed_at timestamptz NOT NULL,
  ip text NOT NULL CHECK (char_length(ip) BETWEEN 2 AND 64),
  document_sha256 text NOT NULL CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (lease_id, party)
);

-- The rent schedule: one due per lease and month. Late after due_on + grace days, when an unpaid due opens a
-- debt-collection file (once: collection_files is unique per source), which a later full payment closes.
CREATE TABLE real_estate_rent_dues (
  id uuid PRIMARY KEY,
  lease_id uuid NOT NULL REFERENCES real_estate_leases (id),
  period text NOT NULL CHECK (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  due_on date NOT NULL,
  amount_xof bigint NOT NULL CHECK (amount_xof > 0),
  paid_xof bigint NOT NULL DEFAULT 0 CHECK (paid_xof >= 0 AND paid_xof <= amount_xof),
  status text NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'paid', 'cancelled')),
  paid_at timestamptz,
  debt_file_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT real_estate_rent_dues_once UNIQUE (lease_id, period)
);
CREATE INDEX real_estate_rent_dues_open ON real_estate_rent_dues (due_on) WHERE status = 'due';

-- Each payment of a due: from the tenant's wallet (a ledger operation), or cash / mobile money recorded by the
-- landlord; each gets its receipt.
CREATE TABLE real_estate_rent_payments (
  id uuid PRIMARY KEY,
  due_id uuid NOT NULL REFERENCES real_estate_rent_dues (id),
  lease_id uuid NOT NULL REFERENCES real_estate_leases (id),
  amount_xof bigint NOT NULL CHECK (amount_xof > 0),
  method text NOT NULL CHECK (method IN ('wallet', 'cash', 'mobile_money')),
  ledger_operation_id uuid,
  recorded_by uuid NOT NULL REFERENCES accounts (id),
  receipt_document_id uuid REFERENCES real_estate_documents (id),
  idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
  paid_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT real_estate_rent_payments_once UNIQUE (recorded_by, idempotency_key),
  CONSTRAINT real_estate_rent_payments_wallet CHECK ((method = 'wallet') = (ledger_operation_id IS NOT NULL))
);
CREATE INDEX real_estate_rent_payments_lease ON real_estate_rent_payments (lease_id, paid_at DESC);
