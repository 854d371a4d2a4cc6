-- Printing (SPEC 3.9): printers on every transport, and a durable print queue.

-- Printers keep their transport-specific settings as one JSON object (validated by the API
-- schema before it is stored): a network printer's host and port, a USB printer's vendor
-- and product ids, a serial or Bluetooth SPP device path and speed, a BLE address.
CREATE TABLE printers_v2 (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
  transport TEXT NOT NULL CHECK (transport IN ('tcp', 'usb', 'serial', 'bluetooth_spp', 'ble')),
  connection TEXT NOT NULL CHECK (json_valid(connection) AND length(connection) <= 1000),
  command_set TEXT NOT NULL DEFAULT 'epson' CHECK (command_set IN ('epson', 'star')),
  width_mm INTEGER NOT NULL CHECK (width_mm IN (58, 80)),
  created_at TEXT NOT NULL
) STRICT;
INSERT INTO printers_v2 (id, name, transport, connection, width_mm, created_at)
  SELECT id, name, transport, json_object('host', host, 'port', port), width_mm, created_at FROM printers;
DROP TABLE printers;
ALTER TABLE printers_v2 RENAME TO printers;

-- A job's id is derived from the printer, the ticket's content and the copy number, so a
-- request retried after a lost answer or a crash finds its job instead of printing twice.
-- The ticket is kept as layout blocks and encoded when sent (a reprint adds its banner).
CREATE TABLE print_jobs (
  id TEXT PRIMARY KEY CHECK (length(id) = 64),
  seq INTEGER NOT NULL UNIQUE,
  printer_id TEXT NOT NULL REFERENCES printers (id),
  document_key TEXT NOT NULL CHECK (length(document_key) BETWEEN 1 AND 200),
  copy INTEGER NOT NULL CHECK (copy >= 0),
  blocks TEXT NOT NULL CHECK (json_valid(blocks) AND length(blocks) <= 1000000),
  open_drawer INTEGER NOT NULL DEFAULT 0 CHECK (open_drawer IN (0, 1)),
  -- queued: waiting for its turn or for the printer; sending: bytes may be leaving;
  -- printed: the printer took every byte; cancelled: by staff.
  status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'printed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT CHECK (length(last_error) <= 500),
  -- Set when a send was cut by a crash: it is sent again marked as a copy, never as a second original.
  interrupted INTEGER NOT NULL DEFAULT 0 CHECK (interrupted IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  printed_at TEXT,
  UNIQUE (printer_id, document_key, copy)
) STRICT;
CREATE INDEX print_jobs_due ON print_jobs (printer_id, seq) WHERE status IN ('queued', 'sending');
