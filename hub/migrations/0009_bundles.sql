-- Safe replacement (SPEC 3.8): encrypted bundles of unsynced operations exported from this hub
-- (an unpair or wipe is allowed once every unsynced operation is in one), and the sequence a
-- replacement hub continues from after importing one.
CREATE TABLE bundle_exports (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  at TEXT NOT NULL,
  -- The highest outbox sequence the bundle holds: everything pending up to it is in the bundle.
  last_seq INTEGER NOT NULL CHECK (last_seq >= 0),
  operations INTEGER NOT NULL CHECK (operations >= 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64)
) STRICT;
