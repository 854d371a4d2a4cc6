-- An invoice's totals and content hash (issue 21, item 5), computed once when the sale or the
-- credit note is recorded and read back by every answer and ticket instead of recomputed.
-- Rows written before this migration have neither: they are computed when read.
ALTER TABLE hub_invoices ADD COLUMN totals TEXT CHECK (totals IS NULL OR json_valid(totals));
ALTER TABLE hub_invoices ADD COLUMN content_hash TEXT CHECK (content_hash IS NULL OR (length(content_hash) = 64 AND content_hash NOT GLOB '*[^0-9a-f]*'));
