-- Hubs authenticate as hubs (issue 20.2): every request is signed with the hub's Ed25519 key
-- (http/hub-auth.ts). A signature is accepted within a window of its time, and its nonce only
-- once: the primary key makes two copies racing each other fail but one, on any number of
-- cloud processes. A nonce is kept until its signature could no longer be accepted anyway
-- (expires_at), then pruned; the table holds at most one window of each hub's requests.
CREATE TABLE hub_request_nonces (
  hub_id uuid NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
  nonce text NOT NULL CHECK (nonce ~ '^[A-Za-z0-9_-]{22,64}$'),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (hub_id, nonce)
);
CREATE INDEX hub_request_nonces_expiry ON hub_request_nonces (expires_at);

-- A card shown at a hub, proven by the card's signed credential the hub read from it (the
-- printed card or the app's dynamic code). For a while after, the hub may read that card's
-- photo and balance (hubs/card-presentations.ts); older rows are pruned.
CREATE TABLE hub_card_presentations (
  hub_id uuid NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
  card_id uuid NOT NULL REFERENCES cards (id),
  presented_at timestamptz NOT NULL,
  PRIMARY KEY (hub_id, card_id)
);
CREATE INDEX hub_card_presentations_age ON hub_card_presentations (presented_at);
