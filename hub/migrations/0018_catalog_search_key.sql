-- Counter search that ignores case and accents (issue 19.5): "attieke" finds "Attiéké". The
-- key is the shared searchKey of the name (shared/src/text/search-key.ts, which the cloud
-- uses too), written with each row the shape feed brings; NULL marks a row kept from before
-- this migration, which the catalog keys when it opens (SQL cannot call the normaliser).
ALTER TABLE catalog_products ADD COLUMN search_key TEXT;
