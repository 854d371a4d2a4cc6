-- The hub's clock (issue 28, item 6): each outbox record also carries the time corrected by
-- the hub's offset from the cloud (never earlier than a record before it) and the hub's
-- monotonic counter, which only ever grows, across restarts too. A machine clock set back by
-- an hour can then reorder nothing: order is by seq and by the counter, never by `at`.
-- Earlier records take their own time and their seq (the counter starts above them).
ALTER TABLE outbox ADD COLUMN cloud_at TEXT CHECK (cloud_at IS NULL OR length(cloud_at) = 24);
ALTER TABLE outbox ADD COLUMN clock_tick INTEGER CHECK (clock_tick IS NULL OR clock_tick >= 1);
UPDATE outbox SET cloud_at = at, clock_tick = seq WHERE length(at) = 24;
CREATE UNIQUE INDEX outbox_clock_tick ON outbox (clock_tick);
INSERT INTO hub_meta (key, value)
  SELECT 'clock_tick', CAST(coalesce(max(clock_tick), 0) AS TEXT) FROM outbox WHERE true
  ON CONFLICT (key) DO NOTHING;
