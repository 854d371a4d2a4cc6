-- Door unlocks (SPEC 3.10): each request once (by its id), with what was decided and why, so
-- a repeated request never opens a door twice and every decision can be read back.
CREATE TABLE door_requests (
  request_id TEXT PRIMARY KEY CHECK (length(request_id) BETWEEN 1 AND 64),
  device_id TEXT NOT NULL,
  guest_ismail_id TEXT,
  reservation_id TEXT,
  decision TEXT NOT NULL CHECK (decision IN ('unlocked', 'refused')),
  reason TEXT,
  at TEXT NOT NULL
) STRICT;
