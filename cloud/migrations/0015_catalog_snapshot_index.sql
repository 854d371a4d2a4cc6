-- A new hub's first catalog pull reads the partner's products in pages (hubs/shape-feed.ts).
-- Each product gets a stable, increasing row number so a page starts right after the last row
-- of the previous one (keyset: no row skipped or served twice, no scan of earlier pages).
ALTER TABLE shop_products ADD COLUMN row_seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX shop_products_snapshot ON shop_products (partner_id, row_seq);
