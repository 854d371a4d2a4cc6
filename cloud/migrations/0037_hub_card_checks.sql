-- Card checks made at a counter, online or offline, reported by the hub through its outbox (issue 22):
-- the holder sees where and when their card was checked. One row per hub operation, so a report sent
-- again after a crash is not a second check.
CREATE TABLE hub_card_checks (
  operation_id uuid PRIMARY KEY,
  hub_id uuid NOT NULL REFERENCES hubs (id),
  card_id uuid NOT NULL REFERENCES cards (id),
  outcome text NOT NULL CHECK (outcome IN ('valid', 'refused')),
  reason text CHECK (reason IS NULL OR char_length(reason) <= 40),
  checked_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX hub_card_checks_by_card ON hub_card_checks (card_id, checked_at DESC);
