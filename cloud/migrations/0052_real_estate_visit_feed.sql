-- Issue 25 item 4 (seed 4.7): an agency's door lock opens for the confirmed visitor of its property, in the visit's
-- window only, decided by the agency's hub even with the cloud out of reach. The hub replicates the agency's visits
-- through a new shape, `real_estate_visits` (filtered to the listing's owner, the partner the hub belongs to): which
-- property, who (as an ISMAIL ID), when, and the state; no message, no names. Logged by a trigger like the booking
-- shapes (0017), so every writer of a visit's state reaches the hub without remembering to; each row gets a stable
-- row number for paged snapshots.
ALTER TABLE shape_changes DROP CONSTRAINT shape_changes_tbl_check;
ALTER TABLE shape_changes ADD CONSTRAINT shape_changes_tbl_check
  CHECK (tbl IN ('shop_products', 'booking_units', 'booking_reservations', 'hub_invoice_clearances', 'real_estate_visits'));

ALTER TABLE real_estate_visits ADD COLUMN row_seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX real_estate_visits_snapshot ON real_estate_visits (row_seq);

CREATE FUNCTION real_estate_visits_shape_log() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  owner uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT owner_id INTO owner FROM real_estate_listings WHERE id = OLD.listing_id;
    INSERT INTO shape_changes (partner_id, tbl, row_key, op, value)
    VALUES (owner, 'real_estate_visits', OLD.id::text, 'delete', jsonb_build_object('id', OLD.id));
    RETURN OLD;
  END IF;
  -- A change that leaves what a hub holds as it was (a reminder sent, a slot withdrawn) is not news to it.
  IF TG_OP = 'UPDATE' AND (OLD.status, OLD.starts_at, OLD.ends_at, OLD.property_id, OLD.visitor_id)
     IS NOT DISTINCT FROM (NEW.status, NEW.starts_at, NEW.ends_at, NEW.property_id, NEW.visitor_id) THEN
    RETURN NEW;
  END IF;
  SELECT owner_id INTO owner FROM real_estate_listings WHERE id = NEW.listing_id;
  INSERT INTO shape_changes (partner_id, tbl, row_key, op, value)
  VALUES (owner, 'real_estate_visits', NEW.id::text, lower(TG_OP),
          jsonb_build_object('id', NEW.id, 'property_id', NEW.property_id,
                             'visitor_ismail_id', (SELECT ismail_id FROM accounts WHERE id = NEW.visitor_id),
                             'starts_at', to_char(NEW.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                             'ends_at', to_char(NEW.ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                             'status', NEW.status));
  RETURN NEW;
END;
$$;
CREATE TRIGGER real_estate_visits_shape AFTER INSERT OR UPDATE OR DELETE ON real_estate_visits
  FOR EACH ROW EXECUTE FUNCTION real_estate_visits_shape_log();
