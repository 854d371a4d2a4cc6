-- The establishment's catalog as last synced down from the cloud's shape feed (SPEC 3.8):
-- the counter looks products up (a scanned barcode) with the cloud unreachable. The feed's
-- position (handle and offset) is kept with it, in the same transaction as each batch.
CREATE TABLE catalog_products (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  kind TEXT NOT NULL,
  barcode TEXT,
  price_xof INTEGER NOT NULL,
  tax_group TEXT NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX catalog_products_barcode ON catalog_products (barcode) WHERE barcode IS NOT NULL;

CREATE TABLE shape_positions (
  shape TEXT PRIMARY KEY,
  handle TEXT,
  offset_value TEXT NOT NULL,
  synced_at TEXT NOT NULL
) STRICT;
