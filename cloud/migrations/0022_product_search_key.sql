-- Catalog search that ignores case and accents (issue 19.5): "attieke" finds "Attiéké".
-- PGlite has no unaccent extension, so the key is computed by the application with the one
-- shared normaliser (shared/src/text/search-key.ts, which the hub uses too) and stored here:
-- the name's key, a line feed (which no key contains, so a match never straddles the two),
-- the description's key. Queries compare a query's key with LIKE.
ALTER TABLE shop_products ADD COLUMN search_key text NOT NULL DEFAULT '';

-- Products written before this migration: the normaliser's steps in SQL (compatibility
-- decomposition, lower case, combining accents removed, the letters that do not decompose
-- spelled out, white space and control characters collapsed). It matches searchKey for
-- Latin text; the application rewrites the key whenever it writes a product.
CREATE FUNCTION search_key_backfill(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT btrim(regexp_replace(
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
      regexp_replace(normalize(lower(normalize(t, NFKD)), NFKD), '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]', '', 'g'),
      'œ', 'oe'), 'æ', 'ae'), 'ß', 'ss'), 'ø', 'o'), 'đ', 'd'), 'ð', 'd'), 'ł', 'l'), 'þ', 'th'), '’', ''''), '‘', ''''),
    '[[:space:][:cntrl:]]+', ' ', 'g'))
$$;
-- Not a change hubs need (they compute their own key): the shape log trigger stays quiet.
ALTER TABLE shop_products DISABLE TRIGGER shop_products_shape;
UPDATE shop_products SET search_key = search_key_backfill(name) || E'\n' || search_key_backfill(description);
ALTER TABLE shop_products ENABLE TRIGGER shop_products_shape;
DROP FUNCTION search_key_backfill(text);
