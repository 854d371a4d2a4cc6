-- RFID readers' scans (SPEC 3.10): one row per reader and scan id, so a scan sent twice (a
-- QoS 1 retry, a reader's own resend) moves stock once. Written in the same transaction as the
-- device message and its outbox entry.
CREATE TABLE rfid_scans (
  device_id TEXT NOT NULL REFERENCES devices (id),
  scan_id TEXT NOT NULL CHECK (length(scan_id) BETWEEN 1 AND 64),
  product_id TEXT NOT NULL,
  delta INTEGER NOT NULL CHECK (delta <> 0 AND delta BETWEEN -1000 AND 1000),
  at TEXT NOT NULL,
  outbox_seq INTEGER NOT NULL UNIQUE REFERENCES outbox (seq),
  PRIMARY KEY (device_id, scan_id)
) STRICT;
