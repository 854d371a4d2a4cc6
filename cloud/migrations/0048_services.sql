-- Issue 24, the Services module (SPEC 3.13, seed 3.2.1): providers found by category, place and keyword; quotes and
-- appointments; the client's payment held in escrow on the wallet until the work is confirmed or auto-released;
-- messages, reviews and disputes.
--
-- No double booking is PostgreSQL's job: an appointment occupies `busy`, its time widened by the provider's buffers,
-- and an exclusion constraint refuses two live appointments of one provider whose busy ranges overlap, whatever the
-- requests racing (issue 24: cal.com and LibreBooking double-booked under concurrency with read-then-write checks).
CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public;
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;

-- unaccent() is only STABLE (its dictionary could change); search needs an immutable form for its expressions.
-- Qualified names: PostgreSQL 17 (PGlite) builds indexes with search_path = pg_catalog, pg_temp.
CREATE FUNCTION services_fold(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, coalesce(value, ''))) $$;

-- Categories are data: admins add one without a release.
CREATE TABLE service_categories (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]{1,39}$'),
  label_fr text NOT NULL CHECK (char_length(label_fr) BETWEEN 1 AND 80),
  label_en text NOT NULL CHECK (char_length(label_en) BETWEEN 1 AND 80),
  keywords text NOT NULL DEFAULT '' CHECK (char_length(keywords) <= 500),
  sort integer NOT NULL DEFAULT 0
);
INSERT INTO service_categories (code, label_fr, label_en, keywords, sort) VALUES
  ('plumbing', 'Plomberie', 'Plumbing', 'plombier fuite robinet chauffe-eau canalisation WC évier', 10),
  ('electricity', 'Électricité', 'Electricity', 'électricien courant disjoncteur prise câblage panne', 20),
  ('air_conditioning', 'Climatisation', 'Air conditioning', 'climatiseur frigoriste clim entretien recharge', 30),
  ('cleaning', 'Ménage et nettoyage', 'Cleaning', 'ménagère nettoyage bureaux repassage', 40),
  ('beauty', 'Beauté et coiffure', 'Beauty and hairdressing', 'coiffeuse coiffeur tresses manucure maquillage', 50),
  ('tutoring', 'Cours particuliers', 'Tutoring', 'répétiteur professeur cours maths anglais BEPC BAC', 60),
  ('transport', 'Transport et déménagement', 'Transport and moving', 'chauffeur déménagement livraison camionnette', 70),
  ('carpentry', 'Menuiserie', 'Carpentry', 'menuisier meuble porte placard bois', 80),
  ('painting', 'Peinture', 'Painting', 'peintre peinture façade intérieur', 90),
  ('masonry', 'Maçonnerie', 'Masonry', 'maçon carrelage dalle mur', 100);

-- A provider is a partner account offering services. Its exact position stays private; `public_lat_e6/lng_e6` is
-- the same point moved by up to ~500 m once, at save, and is all anyone else ever reads.
CREATE TABLE service_providers (
  account_id uuid PRIMARY KEY REFERENCES accounts (id),
  display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 120),
  headline text NOT NULL DEFAULT '' CHECK (char_length(headline) <= 160),
  description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
  categories text[] NOT NULL CHECK (cardinality(categories) BETWEEN 1 AND 5),
  communes text[] NOT NULL CHECK (cardinality(communes) BETWEEN 1 AND 30),
  city text NOT NULL DEFAULT 'Abidjan' CHECK (char_length(city) BETWEEN 1 AND 80),
  lat_e6 integer CHECK (lat_e6 BETWEEN -90000000 AND 90000000),
  lng_e6 integer CHECK (lng_e6 BETWEEN -180000000 AND 180000000),
  public_lat_e6 integer CHECK (public_lat_e6 BETWEEN -90000000 AND 90000000),
  public_lng_e6 integer CHECK (public_lng_e6 BETWEEN -180000000 AND 180000000),
  price_min_xof bigint CHECK (price_min_xof >= 0),
  price_max_xof bigint CHECK (price_max_xof >= price_min_xof),
  time_zone text NOT NULL DEFAULT 'Africa/Abidjan' CHECK (char_length(time_zone) BETWEEN 1 AND 64),
  buffer_before_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_before_minutes BETWEEN 0 AND 240),
  buffer_after_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_after_minutes BETWEEN 0 AND 240),
  min_notice_minutes integer NOT NULL DEFAULT 120 CHECK (min_notice_minutes BETWEEN 0 AND 20160),
  horizon_days integer NOT NULL DEFAULT 60 CHECK (horizon_days BETWEEN 1 AND 60),
  slot_step_minutes integer NOT NULL DEFAULT 30 CHECK (slot_step_minutes IN (15, 30, 60)),
  -- Days after "done" when the client's payment is released to the provider if the client neither confirms nor
  -- disputes; the value in force is copied onto each appointment and shown at checkout.
  auto_release_days integer NOT NULL DEFAULT 3 CHECK (auto_release_days BETWEEN 1 AND 14),
  rating_count integer NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
  rating_sum integer NOT NULL DEFAULT 0 CHECK (rating_sum >= 0),
  -- Mean minutes from a request reaching the provider to its first quote or message, over the last 50.
  response_minutes integer CHECK (response_minutes >= 0),
  active boolean NOT NULL DEFAULT true,
  search_text text NOT NULL DEFAULT '' CHECK (char_length(search_text) <= 6000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT service_providers_position CHECK ((lat_e6 IS NULL) = (lng_e6 IS NULL))
);
CREATE INDEX service_providers_categories ON service_providers USING gin (categories) WHERE active;
CREATE INDEX service_providers_communes ON service_providers USING gin (communes) WHERE active;
CREATE INDEX service_providers_search ON service_providers
  USING gin (to_tsvector('french', services_fold(search_text))) WHERE active;

-- What a provider sells: at a fixed price (booked directly on a free slot) or on quote.
CREATE TABLE service_offers (
  id uuid PRIMARY KEY,
  provider_id uuid NOT NULL REFERENCES service_providers (account_id),
  category text NOT NULL REFERENCES service_categories (code),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 120),
  pricing text NOT NULL CHECK (pricing IN ('fixed', 'quote')),
  price_xof bigint CHECK (price_xof > 0),
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 720),
  tax_group text NOT NULL DEFAULT 'CI-TVA-18' CHECK (char_length(tax_group) <= 20),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT service_offers_price CHECK ((pricing = 'fixed') = (price_xof IS NOT NULL))
);
CREATE INDEX service_offers_provider ON service_offers (provider_id) WHERE active;

-- Portfolio photos, as the cloud re-encoded them (WebP, no EXIF, GPS included).
CREATE TABLE service_photos (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL REFERENCES accounts (id),
  -- 'portfolio': on the provider's profile; 'request': attached to a request, a message or a dispute's evidence.
  kind text NOT NULL CHECK (kind IN ('portfolio', 'request')),
  small_webp bytea NOT NULL CHECK (octet_length(small_webp) <= 1048576),
  large_webp bytea NOT NULL CHECK (octet_length(large_webp) <= 4194304),
  caption text NOT NULL DEFAULT '' CHECK (char_length(caption) <= 200),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_photos_owner ON service_photos (owner_id, kind, created_at);

-- Weekly opening hours in the provider's time zone (minutes from local midnight), and exceptions per local day:
-- a closed day, or other hours that day.
CREATE TABLE service_availability_rules (
  provider_id uuid NOT NULL REFERENCES service_providers (account_id),
  weekday smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  start_minute integer NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute integer NOT NULL CHECK (end_minute BETWEEN 1 AND 1440 AND end_minute > start_minute),
  PRIMARY KEY (provider_id, weekday, start_minute)
);
CREATE TABLE service_availability_exceptions (
  provider_id uuid NOT NULL REFERENCES service_providers (account_id),
  day date NOT NULL,
  -- NULL start and end: closed all day.
  start_minute integer CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute integer CHECK (end_minute BETWEEN 1 AND 1440 AND end_minute > start_minute),
  PRIMARY KEY (provider_id, day),
  CONSTRAINT service_availability_exceptions_hours CHECK ((start_minute IS NULL) = (end_minute IS NULL))
);

-- A client's request, to one provider or several; a direct booking of a fixed-price offer makes one too, so every
-- appointment has a conversation.
CREATE TABLE service_requests (
  id uuid PRIMARY KEY,
  client_id uuid NOT NULL REFERENCES accounts (id),
  category text NOT NULL REFERENCES service_categories (code),
  description text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 2000),
  commune text NOT NULL CHECK (char_length(commune) BETWEEN 1 AND 80),
  address_hint text NOT NULL DEFAULT '' CHECK (char_length(address_hint) <= 200),
  wished_from timestamptz NOT NULL,
  wished_to timestamptz NOT NULL,
  photo_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(photo_ids) <= 5),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'booked', 'closed')),
  direct boolean NOT NULL DEFAULT false,
  idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT service_requests_window CHECK (wished_to > wished_from),
  CONSTRAINT service_requests_once UNIQUE (client_id, idempotency_key)
);
CREATE INDEX service_requests_client ON service_requests (client_id, created_at DESC);

CREATE TABLE service_request_providers (
  request_id uuid NOT NULL REFERENCES service_requests (id),
  provider_id uuid NOT NULL REFERENCES service_providers (account_id),
  status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'quoted', 'declined', 'booked', 'lost')),
  first_answer_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (request_id, provider_id)
);
CREATE INDEX service_request_providers_inbox ON service_request_providers (provider_id, created_at DESC);

-- A provider's quote on a request: each change is a new version; only the latest 'sent' version can be accepted,
-- and only before `valid_until` (issue 24: Invoice Ninja accepted expired quotes).
CREATE TABLE service_quotes (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES service_requests (id),
  provider_id uuid NOT NULL REFERENCES service_providers (account_id),
  version integer NOT NULL CHECK (version BETWEEN 1 AND 100),
  lines jsonb NOT NULL CHECK (jsonb_typeof(lines) = 'array' AND jsonb_array_length(lines) BETWEEN 1 AND 30),
  total_xof bigint NOT NULL CHECK (total_xof > 0 AND total_xof <= 100000000),
  tax_xof bigint NOT NULL CHECK (tax_xof >= 0),
  starts_at timestamptz NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 720),
  note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 1000),
  valid_until timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'superseded', 'accepted', 'withdrawn', 'lost')),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT service_quotes_version UNIQUE (request_id, provider_id, version)
);
CREATE UNIQUE INDEX service_quotes_one_live ON service_quotes (request_id, provider_id) WHERE status = 'sent';
CREATE UNIQUE INDEX service_quotes_one_accepted ON service_quotes (request_id) WHERE status = 'accepted';

-- An appointment: the provider's time (busy = the work widened by the buffers), and the client's payment held on the
-- wallet (a typed 'service' hold) until it is captured (confirmed, auto-released, or a dispute decided) or given back.
CREATE TABLE service_appointments (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES service_requests (id),
  quote_id uuid REFERENCES service_quotes (id),
  offer_id uuid REFERENCES service_offers (id),
  client_id uuid NOT NULL REFERENCES accounts (id),
  provider_id uuid NOT NULL REFERENCES service_providers (account_id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  busy tstzrange NOT NULL,
  status text NOT NULL CHECK (status IN ('booked', 'done', 'disputed', 'completed', 'cancelled', 'no_show')),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  lines jsonb NOT NULL,
  amount_xof bigint NOT NULL CHECK (amount_xof > 0),
  amount_centi bigint NOT NULL CHECK (amount_centi > 0),
  hold_id uuid NOT NULL,
  auto_release_days integer NOT NULL CHECK (auto_release_days BETWEEN 1 AND 14),
  done_at timestamptz,
  release_after timestamptz,
  completed_at timestamptz,
  -- How the escrow ended: captured for the provider (all, or a dispute's share) and refunded to the client.
  captured_centi bigint CHECK (captured_centi >= 0),
  refunded_centi bigint CHECK (refunded_centi >= 0),
  captured_xof bigint CHECK (captured_xof >= 0),
  refunded_xof bigint CHECK (refunded_xof >= 0),
  released_by text CHECK (released_by IN ('client', 'auto', 'dispute', 'cancellation')),
  cancelled_by text CHECK (cancelled_by IN ('client', 'provider')),
  no_show text CHECK (no_show IN ('client', 'provider')),
  invoice_id uuid,
  reminded_at timestamptz,
  release_warned_at timestamptz,
  idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT service_appointments_time CHECK (ends_at > starts_at AND busy @> tstzrange(starts_at, ends_at)),
  CONSTRAINT service_appointments_once UNIQUE (client_id, idempotency_key),
  CONSTRAINT service_appointments_no_overlap EXCLUDE USING gist (provider_id WITH =, busy WITH &&)
    WHERE (status IN ('booked', 'done', 'disputed'))
);
CREATE INDEX service_appointments_client ON service_appointments (client_id, starts_at DESC);
CREATE INDEX service_appointments_provider ON service_appointments (provider_id, starts_at DESC);
CREATE INDEX service_appointments_release ON service_appointments (release_after) WHERE status = 'done';
CREATE INDEX service_appointments_reminder ON service_appointments (starts_at) WHERE status = 'booked' AND reminded_at IS NULL;

-- Messages between a client and one provider about a request. Stored as typed: contact details are masked when read
-- by the other side while no appointment exists between them on that request.
CREATE TABLE service_messages (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES service_requests (id),
  provider_id uuid NOT NULL REFERENCES service_providers (account_id),
  sender_id uuid NOT NULL REFERENCES accounts (id),
  body text NOT NULL CHECK (char_length(body) <= 2000),
  photo_id uuid REFERENCES service_photos (id),
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT service_messages_content CHECK (char_length(body) > 0 OR photo_id IS NOT NULL)
);
CREATE INDEX service_messages_thread ON service_messages (request_id, provider_id, created_at);

-- One review per completed appointment, within 14 days of its completion; the provider may answer once, publicly.
CREATE TABLE service_reviews (
  id uuid PRIMARY KEY,
  appointment_id uuid NOT NULL UNIQUE REFERENCES service_appointments (id),
  provider_id uuid NOT NULL REFERENCES service_providers (account_id),
  client_id uuid NOT NULL REFERENCES accounts (id),
  stars smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
  body text NOT NULL DEFAULT '' CHECK (char_length(body) <= 2000),
  answer text CHECK (char_length(answer) BETWEEN 1 AND 2000),
  answered_at timestamptz,
  hidden boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_reviews_provider ON service_reviews (provider_id, created_at DESC) WHERE NOT hidden;

CREATE TABLE service_review_reports (
  id uuid PRIMARY KEY,
  review_id uuid NOT NULL REFERENCES service_reviews (id),
  reporter_id uuid NOT NULL REFERENCES accounts (id),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'hidden')),
  decided_by uuid REFERENCES accounts (id),
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT service_review_reports_once UNIQUE (review_id, reporter_id)
);
CREATE INDEX service_review_reports_open ON service_review_reports (created_at) WHERE status = 'open';

-- A dispute stops the auto-release; an admin decides it: release to the provider, or refund the client in full or
-- in part (basis points of the held amount).
CREATE TABLE service_disputes (
  id uuid PRIMARY KEY,
  appointment_id uuid NOT NULL UNIQUE REFERENCES service_appointments (id),
  opened_by uuid NOT NULL REFERENCES accounts (id),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
  evidence_photo_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(evidence_photo_ids) <= 5),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'decided')),
  -- The other side answers by then; an admin decides after it, or earlier once both have spoken.
  answer_due_at timestamptz NOT NULL,
  answer text CHECK (char_length(answer) BETWEEN 1 AND 2000),
  answered_at timestamptz,
  outcome text CHECK (outcome IN ('release', 'refund')),
  refund_bp integer CHECK (refund_bp BETWEEN 1 AND 10000),
  decision_note text CHECK (char_length(decision_note) <= 2000),
  decided_by uuid REFERENCES accounts (id),
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT service_disputes_decision CHECK ((status = 'decided') = (outcome IS NOT NULL)),
  CONSTRAINT service_disputes_refund CHECK ((outcome = 'refund') = (refund_bp IS NOT NULL))
);
CREATE INDEX service_disputes_open ON service_disputes (created_at) WHERE status = 'open';
