-- Partners' webhooks for their devices' events (SPEC 3.10): a subscription names a URL and
-- the events it wants; each event becomes one delivery per subscription, queued in the same
-- transaction as the event (so none is lost or doubled), signed, retried with backoff.
CREATE TABLE webhook_subscriptions (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES accounts (id),
  url text NOT NULL CHECK (char_length(url) <= 500 AND url ~ '^https?://'),
  events text[] NOT NULL CHECK (cardinality(events) BETWEEN 1 AND 10),
  -- The signing secret, sealed with the master key (shown to the partner once).
  secret_sealed text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_subscriptions_partner ON webhook_subscriptions (partner_id) WHERE active;

CREATE TABLE webhook_deliveries (
  id bigserial PRIMARY KEY,
  subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id),
  event_id text NOT NULL CHECK (char_length(event_id) <= 200),
  event_type text NOT NULL CHECK (char_length(event_type) <= 60),
  payload jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text CHECK (char_length(last_error) <= 500),
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webhook_deliveries_once UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
