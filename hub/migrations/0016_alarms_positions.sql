-- What alarms and trackers report (SPEC 3.10), decided in the same transaction as the message:
-- an alarm is kept and sent to the cloud (which notifies the establishment's manager); a
-- tracker's positions are kept for its asset, newest first.
CREATE TABLE device_alarms (
  event_seq INTEGER PRIMARY KEY REFERENCES device_events (seq),
  device_id TEXT NOT NULL REFERENCES devices (id),
  kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
  message TEXT CHECK (message IS NULL OR length(message) <= 300),
  at TEXT NOT NULL,
  outbox_seq INTEGER NOT NULL UNIQUE REFERENCES outbox (seq)
) STRICT;

CREATE TABLE gps_positions (
  event_seq INTEGER PRIMARY KEY REFERENCES device_events (seq),
  device_id TEXT NOT NULL REFERENCES devices (id),
  lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
  speed_kmh REAL CHECK (speed_kmh IS NULL OR speed_kmh BETWEEN 0 AND 500),
  at TEXT NOT NULL
) STRICT;
CREATE INDEX gps_positions_device ON gps_positions (device_id, event_seq DESC);
