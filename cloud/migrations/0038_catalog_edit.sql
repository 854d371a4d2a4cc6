-- The partner's catalog edited from the portal (issue 23): a version per product so two staff
-- editing at once do not silently overwrite each other (If-Match: the second gets 409), a soft
-- delete (deleted_at; active turns false in the same update, which the shape log carries to hubs,
-- while orders, invoices and stock history keep pointing at the row), a SKU that CSV/XLSX imports
-- key their rows on (with the barcode), and the imports already applied, by the file's hash.
ALTER TABLE shop_products
  ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  ADD COLUMN deleted_at timestamptz,
  ADD COLUMN sku text CHECK (sku ~ '^[0-9A-Za-z_.-]{1,64}$');
CREATE UNIQUE INDEX shop_products_sku ON shop_products (partner_id, sku) WHERE sku IS NOT NULL;

CREATE TABLE catalog_imports (
  partner_id uuid NOT NULL REFERENCES accounts (id),
  file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  result jsonb NOT NULL,
  imported_by uuid NOT NULL REFERENCES accounts (id),
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partner_id, file_sha256)
);

-- A product's photo, as the cloud made it from the partner's upload: WebP at 320 and 800 px wide at most, with no
-- EXIF (GPS included) since sharp writes none unless asked. One row per product; a new upload replaces it.
CREATE TABLE shop_product_photos (
  product_id uuid PRIMARY KEY REFERENCES shop_products (id),
  small_webp bytea NOT NULL CHECK (octet_length(small_webp) <= 1048576),
  large_webp bytea NOT NULL CHECK (octet_length(large_webp) <= 4194304),
  updated_at timestamptz NOT NULL DEFAULT now()
);
