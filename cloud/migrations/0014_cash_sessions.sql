-- Cash sessions closed at hubs (SPEC 3.8): each Z report as the counter printed it, filed
-- once per hub and session, so the establishment and ISMAIL see every drawer's count and
-- every difference. Written only by the hub sync (exactly once per operation).
CREATE TABLE hub_cash_sessions (
  hub_id uuid NOT NULL REFERENCES hubs (id),
  session_id uuid NOT NULL,
  number integer NOT NULL CHECK (number >= 1),
  partner_id uuid NOT NULL REFERENCES accounts (id),
  opened_at timestamptz NOT NULL,
  closed_at timestamptz NOT NULL,
  expected_cash_xof bigint NOT NULL,
  counted_xof bigint NOT NULL CHECK (counted_xof >= 0),
  difference_xof bigint NOT NULL,
  report jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hub_id, session_id),
  UNIQUE (hub_id, number)
);
CREATE INDEX hub_cash_sessions_partner ON hub_cash_sessions (partner_id, closed_at DESC);
