-- Foundation: hub identity and the printers configured at this counter.

CREATE TABLE hub_meta (
  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 100),
  value TEXT NOT NULL CHECK (length(value) <= 10000)
) STRICT;

-- A printer is added by its client-chosen id, so a retried request after a crash or a
-- lost answer finds the row instead of adding a second printer.
CREATE TABLE printers (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
  transport TEXT NOT NULL CHECK (transport IN ('tcp')),
  host TEXT NOT NULL CHECK (length(host) BETWEEN 1 AND 253),
  port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  width_mm INTEGER NOT NULL CHECK (width_mm IN (58, 80)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
