-- Hub alerts (issue 28.5): a hub's health incidents (outbox too old, dead letters, stale revocation list, clock off,
-- printer out of paper, hub silent) and the last health report each hub sent. The partner and the agency chief are
-- told once when an incident opens and once when it clears; both follow from these rows' single open/closed change.

CREATE TABLE hub_incidents (
  id uuid PRIMARY KEY,
  hub_id uuid NOT NULL REFERENCES hubs (id),
  kind text NOT NULL CHECK (kind IN ('outbox_stale', 'dead_letters', 'revocations_stale', 'clock_off', 'paper_out', 'silent')),
  -- What was seen when it opened ("opération en attente depuis 42 min"), shown in the messages.
  detail text NOT NULL CHECK (char_length(detail) BETWEEN 1 AND 300),
  opened_at timestamptz NOT NULL,
  closed_at timestamptz,
  CONSTRAINT hub_incidents_closed_after CHECK (closed_at IS NULL OR closed_at >= opened_at)
);
-- One open incident per hub and kind: two reports at once open one incident, hence one alert.
CREATE UNIQUE INDEX hub_incidents_one_open ON hub_incidents (hub_id, kind) WHERE closed_at IS NULL;
CREATE INDEX hub_incidents_hub ON hub_incidents (hub_id, opened_at DESC);

-- The last report of each hub (the silence check reads received_at).
CREATE TABLE hub_health (
  hub_id uuid PRIMARY KEY REFERENCES hubs (id),
  received_at timestamptz NOT NULL,
  report jsonb NOT NULL,
  -- The hub's clock minus the cloud's when the report arrived.
  clock_offset_ms bigint NOT NULL
);
