-- Devices to the cloud (issue 28.7): GPS trackers' positions as their hubs pushed them
-- (`device.positions` operations), for the partner's track map. A position is its tracker's
-- at one instant: a replayed operation adds nothing (the key). Kept 30 days (the
-- devices.purge-positions job); the portal reads the last 24 hours.
CREATE TABLE device_positions (
  hub_id uuid NOT NULL,
  device_id uuid NOT NULL,
  at timestamptz NOT NULL,
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  speed_kmh real CHECK (speed_kmh IS NULL OR speed_kmh BETWEEN 0 AND 500),
  -- The hub operation that carried it (its hub's sequence), for tracing a point to its push.
  hub_seq bigint NOT NULL,
  PRIMARY KEY (hub_id, device_id, at),
  FOREIGN KEY (hub_id, device_id) REFERENCES hub_devices (hub_id, device_id)
);
-- The retention job deletes by time across all trackers.
CREATE INDEX device_positions_at ON device_positions (at);
