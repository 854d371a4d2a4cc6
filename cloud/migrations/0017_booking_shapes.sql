-- The hub's downstream feed grows to the establishment's bookable inventory (SPEC 3.8): its
-- units (rooms, seats) and their reservations (dates and state, the guest by ISMAIL ID), so a
-- counter can tell who is staying where with the cloud out of reach (and a door lock can ask
-- it). Logged by triggers like the catalog; each row gets a stable row number for paged
-- snapshots.
ALTER TABLE shape_changes DROP CONSTRAINT shape_changes_tbl_check;
ALTER TABLE shape_changes ADD CONSTRAINT shape_changes_tbl_check CHECK (tbl IN ('shop_products', 'booking_units', 'booking_reservations'));

ALTER TABLE booking_units ADD COLUMN row_seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX booking_units_snapshot ON booking_units (partner_id, row_seq);
ALTER TABLE booking_reservations ADD COLUMN row_seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX booking_reservations_snapshot ON booking_reservations (partner_id, row_seq);

CREATE FUNCTION booking_units_shape_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO shape_changes (partner_id, tbl, row_key, op, value) VALUES (OLD.partner_id, 'booking_units', OLD.id::text, 'delete', jsonb_build_object('id', OLD.id));
    RETURN OLD;
  END IF;
  INSERT INTO shape_changes (partner_id, tbl, row_key, op, value)
  VALUES (NEW.partner_id, 'booking_units', NEW.id::text, lower(TG_OP),
          jsonb_build_object('id', NEW.id, 'kind', NEW.kind, 'type_name', NEW.type_name, 'name', NEW.name, 'place', NEW.place,
                             'capacity', NEW.capacity, 'base_price_xof', NEW.base_price_xof, 'tax_group', NEW.tax_group, 'active', NEW.active));
  RETURN NEW;
END;
$$;
CREATE TRIGGER booking_units_shape AFTER INSERT OR UPDATE OR DELETE ON booking_units FOR EACH ROW EXECUTE FUNCTION booking_units_shape_log();

-- Only what a counter needs: no amounts, no payment, the guest as an ISMAIL ID.
CREATE FUNCTION booking_reservations_shape_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO shape_changes (partner_id, tbl, row_key, op, value) VALUES (OLD.partner_id, 'booking_reservations', OLD.id::text, 'delete', jsonb_build_object('id', OLD.id));
    RETURN OLD;
  END IF;
  -- A change that leaves the columns a hub holds as they were (a reminder sent) is not news to it.
  IF TG_OP = 'UPDATE' AND (OLD.status, OLD.check_in, OLD.check_out, OLD.unit_id, OLD.guests) IS NOT DISTINCT FROM (NEW.status, NEW.check_in, NEW.check_out, NEW.unit_id, NEW.guests) THEN
    RETURN NEW;
  END IF;
  INSERT INTO shape_changes (partner_id, tbl, row_key, op, value)
  VALUES (NEW.partner_id, 'booking_reservations', NEW.id::text, lower(TG_OP),
          jsonb_build_object('id', NEW.id, 'unit_id', NEW.unit_id, 'guest_ismail_id', (SELECT ismail_id FROM accounts WHERE id = NEW.client_id),
                             'check_in', NEW.check_in, 'check_out', NEW.check_out, 'guests', NEW.guests, 'status', NEW.status));
  RETURN NEW;
END;
$$;
CREATE TRIGGER booking_reservations_shape AFTER INSERT OR UPDATE OR DELETE ON booking_reservations FOR EACH ROW EXECUTE FUNCTION booking_reservations_shape_log();
