-- The downstream change log hubs read (SPEC 3.8), in the shape of Electric's HTTP protocol:
-- every change to a row a hub may hold gets a sequence number (the shape offset), so a hub
-- that read up to n asks for what came after n. Written by triggers in the same transaction
-- as the change, so a change is logged exactly when it commits.
CREATE TABLE shape_changes (
  seq bigserial PRIMARY KEY,
  partner_id uuid NOT NULL,
  tbl text NOT NULL CHECK (tbl IN ('shop_products')),
  row_key text NOT NULL,
  op text NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  value jsonb NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shape_changes_partner ON shape_changes (partner_id, tbl, seq);

CREATE FUNCTION shop_products_shape_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO shape_changes (partner_id, tbl, row_key, op, value) VALUES (OLD.partner_id, 'shop_products', OLD.id::text, 'delete', jsonb_build_object('id', OLD.id));
    RETURN OLD;
  END IF;
  INSERT INTO shape_changes (partner_id, tbl, row_key, op, value)
  VALUES (NEW.partner_id, 'shop_products', NEW.id::text, lower(TG_OP),
          jsonb_build_object('id', NEW.id, 'name', NEW.name, 'category', NEW.category, 'kind', NEW.kind, 'barcode', NEW.barcode,
                             'price_xof', NEW.price_xof, 'tax_group', NEW.tax_group, 'active', NEW.active));
  RETURN NEW;
END;
$$;
CREATE TRIGGER shop_products_shape AFTER INSERT OR UPDATE OR DELETE ON shop_products FOR EACH ROW EXECUTE FUNCTION shop_products_shape_log();
