-- Notifications (SPEC 3.11): events, one delivery per channel with its status history,
-- preferences per event type and channel, marketing consent with its record, web-push
-- subscriptions. The job queue itself is pg-boss's own schema (created by pg-boss).

ALTER TABLE accounts
  ADD COLUMN phone_e164 text CHECK (phone_e164 ~ '^\+[1-9][0-9]{7,14}$'),
  ADD COLUMN language text NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en'));

-- An event emitted twice (same key, same recipient) is one notification.
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  event_key text NOT NULL CHECK (char_length(event_key) BETWEEN 1 AND 200),
  event_type text NOT NULL CHECK (char_length(event_type) <= 60),
  category text NOT NULL CHECK (category IN ('transactional', 'marketing')),
  recipient_id uuid NOT NULL REFERENCES accounts (id),
  language text NOT NULL CHECK (language IN ('fr', 'en')),
  data jsonb NOT NULL,
  -- In-app: what the user sees in their list.
  title text NOT NULL CHECK (char_length(title) <= 200),
  body text NOT NULL CHECK (char_length(body) <= 2000),
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT notifications_once UNIQUE (event_key, recipient_id)
);
CREATE INDEX notifications_recipient ON notifications (recipient_id, created_at DESC);

CREATE TABLE notification_deliveries (
  id uuid PRIMARY KEY,
  notification_id uuid NOT NULL REFERENCES notifications (id),
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push', 'in_app')),
  status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'read', 'clicked', 'failed', 'skipped')),
  -- Why a delivery was skipped or failed (never a secret).
  reason text CHECK (char_length(reason) <= 300),
  destination text CHECK (char_length(destination) <= 320),
  provider text CHECK (char_length(provider) <= 40),
  provider_message_id text CHECK (char_length(provider_message_id) <= 200),
  attempts integer NOT NULL DEFAULT 0,
  sms_parts integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT notification_deliveries_once UNIQUE (notification_id, channel)
);
CREATE INDEX notification_deliveries_status ON notification_deliveries (status, updated_at);
CREATE INDEX notification_deliveries_provider_ref ON notification_deliveries (provider, provider_message_id);

-- Every status a delivery went through, in order: the send log admins audit.
CREATE TABLE notification_delivery_events (
  id bigserial PRIMARY KEY,
  delivery_id uuid NOT NULL REFERENCES notification_deliveries (id),
  status text NOT NULL,
  detail text CHECK (char_length(detail) <= 300),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_delivery_events_delivery ON notification_delivery_events (delivery_id, id);
CREATE TRIGGER notification_delivery_events_append_only BEFORE UPDATE OR DELETE ON notification_delivery_events
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

-- Only what the user turned off is stored: the default is every channel of the event.
CREATE TABLE notification_preferences (
  account_id uuid NOT NULL REFERENCES accounts (id),
  event_type text NOT NULL CHECK (char_length(event_type) <= 60),
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push', 'in_app')),
  enabled boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, event_type, channel)
);

-- Consent to marketing: the record of every grant and withdrawal (law 2013-450, GDPR).
CREATE TABLE marketing_consents (
  id bigserial PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id),
  granted boolean NOT NULL,
  source text NOT NULL CHECK (source IN ('preferences', 'unsubscribe_link', 'sign_up', 'admin')),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX marketing_consents_account ON marketing_consents (account_id, id DESC);
CREATE TRIGGER marketing_consents_append_only BEFORE UPDATE OR DELETE ON marketing_consents
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

CREATE TABLE push_subscriptions (
  endpoint text PRIMARY KEY CHECK (char_length(endpoint) <= 1000),
  account_id uuid NOT NULL REFERENCES accounts (id),
  p256dh text NOT NULL CHECK (char_length(p256dh) <= 200),
  auth text NOT NULL CHECK (char_length(auth) <= 100),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX push_subscriptions_account ON push_subscriptions (account_id);

-- How far each feed (audit log, ledger) has been turned into notifications. Emitting is
-- idempotent on the event key, so a crash between emit and cursor update only re-emits.
CREATE TABLE notification_feed_cursors (
  feed text PRIMARY KEY,
  position bigint NOT NULL
);
