-- Devices to the cloud (issue 28.7): a tracker's positions leave through the outbox in one
-- `device.positions` operation per tracker and time window; outbox_seq says which operation
-- carried a position (NULL: not sent yet), so positions already synced can be purged. A
-- device's last-seen time is reported when it changed since the last report.
ALTER TABLE gps_positions ADD COLUMN outbox_seq INTEGER REFERENCES outbox (seq);
CREATE INDEX gps_positions_unsent ON gps_positions (device_id, event_seq) WHERE outbox_seq IS NULL;
ALTER TABLE devices ADD COLUMN last_seen_reported_at TEXT;

-- The certificate revocation list the hub publishes: its number grows with each one signed.
CREATE TABLE device_crl (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  crl_number INTEGER NOT NULL CHECK (crl_number >= 1),
  der BLOB NOT NULL,
  made_at TEXT NOT NULL
) STRICT;
