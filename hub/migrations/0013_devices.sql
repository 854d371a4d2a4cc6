-- Devices on the shop LAN (SPEC 3.10): enrolled with a one-time code (CSR in, certificate
-- out), known by their certificate's serial, revocable; and what they publish, written in
-- batches.
CREATE TABLE devices (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  type TEXT NOT NULL CHECK (type IN ('rfid_reader', 'door_lock', 'alarm', 'gps_tracker')),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  -- A door lock's room (a booking unit id); NULL for other devices.
  unit_id TEXT CHECK (unit_id IS NULL OR length(unit_id) = 36),
  state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'revoked')),
  enrol_code_hash TEXT CHECK (enrol_code_hash IS NULL OR length(enrol_code_hash) = 64),
  enrol_expires_at TEXT,
  enrol_failures INTEGER NOT NULL DEFAULT 0,
  cert_serial TEXT UNIQUE,
  cert_expires_at TEXT,
  created_at TEXT NOT NULL,
  last_seen_at TEXT,
  revoked_at TEXT
) STRICT;

CREATE TABLE device_events (
  seq INTEGER PRIMARY KEY,
  device_id TEXT NOT NULL REFERENCES devices (id),
  topic TEXT NOT NULL CHECK (length(topic) <= 256),
  payload TEXT NOT NULL CHECK (length(payload) <= 4096),
  at TEXT NOT NULL
) STRICT;
CREATE INDEX device_events_device ON device_events (device_id, seq);
