-- The Electric proxy mode (issue 29.6): the Electric sync service serves a shape from one table, filtered by a
-- `where` on that table's own columns, and sends those columns as they are. Three hub shapes took a column or their
-- filter from a join (shape-feed.ts); this migration puts those values on the shape's own table, kept right by
-- triggers, so each shape is one table and one equality (electric-proxy.ts):
--   booking_reservations: guest_ismail_id (the client's ISMAIL ID); it already has partner_id.
--   real_estate_visits:   partner_id (the listing's owner, whose hub opens the door) and visitor_ismail_id.
--   invoices:             clearance_hub_id, the hub an issued invoice is for (generated: no trigger on the hot
--                         insert path of a drained backlog, migration 0068 says why that matters).
-- Not additive: the backfill is an UPDATE. The native feed keeps its own queries and log; nothing here changes the
-- rows it serves.

ALTER TABLE booking_reservations ADD COLUMN guest_ismail_id text;
ALTER TABLE real_estate_visits ADD COLUMN partner_id uuid;
ALTER TABLE real_estate_visits ADD COLUMN visitor_ismail_id text;
-- status = 'issued' and a well-formed 'hub:<uuid>' creator, as the clearance triggers of 0068 require; the partner is
-- the proxy's second equality (issuer_account_id). invoice_hub_id is IMMUTABLE, as a generated column needs.
ALTER TABLE invoices ADD COLUMN clearance_hub_id uuid
  GENERATED ALWAYS AS (CASE WHEN status = 'issued' THEN invoice_hub_id(created_by) END) STORED;

-- Electric filters these shapes on them; an index keeps its snapshot query off a full scan.
CREATE INDEX real_estate_visits_partner ON real_estate_visits (partner_id);
CREATE INDEX invoices_clearance_hub ON invoices (clearance_hub_id) WHERE clearance_hub_id IS NOT NULL;

-- The backfill. The shape log triggers (0017, 0052) compare only the columns a hub held before: these updates log
-- nothing, and issued invoices are not touched (their column is generated).
UPDATE booking_reservations r SET guest_ismail_id = a.ismail_id FROM accounts a WHERE a.id = r.client_id;
UPDATE real_estate_visits v SET partner_id = l.owner_id, visitor_ismail_id = a.ismail_id
  FROM real_estate_listings l, accounts a WHERE l.id = v.listing_id AND a.id = v.visitor_id;

-- Every writer of a reservation or a visit gets the values without remembering to (as the shape log triggers do).
CREATE FUNCTION booking_reservations_guest_ismail_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.guest_ismail_id := (SELECT ismail_id FROM accounts WHERE id = NEW.client_id);
  RETURN NEW;
END;
$$;
CREATE TRIGGER booking_reservations_guest BEFORE INSERT OR UPDATE OF client_id, guest_ismail_id ON booking_reservations
  FOR EACH ROW EXECUTE FUNCTION booking_reservations_guest_ismail_id();

CREATE FUNCTION real_estate_visits_denormalised() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.partner_id := (SELECT owner_id FROM real_estate_listings WHERE id = NEW.listing_id);
  NEW.visitor_ismail_id := (SELECT ismail_id FROM accounts WHERE id = NEW.visitor_id);
  RETURN NEW;
END;
$$;
CREATE TRIGGER real_estate_visits_denormalised
  BEFORE INSERT OR UPDATE OF listing_id, visitor_id, partner_id, visitor_ismail_id ON real_estate_visits
  FOR EACH ROW EXECUTE FUNCTION real_estate_visits_denormalised();

-- An account gets its ISMAIL ID when it is activated (identity/accounts.ts), possibly after it booked or asked a
-- visit; a listing could change owner. The copies follow (each row's BEFORE trigger above reads the new value).
CREATE FUNCTION accounts_ismail_id_copies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE booking_reservations SET guest_ismail_id = NEW.ismail_id
   WHERE client_id = NEW.id AND guest_ismail_id IS DISTINCT FROM NEW.ismail_id;
  UPDATE real_estate_visits SET visitor_ismail_id = NEW.ismail_id
   WHERE visitor_id = NEW.id AND visitor_ismail_id IS DISTINCT FROM NEW.ismail_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER accounts_ismail_id_copies AFTER UPDATE OF ismail_id ON accounts
  FOR EACH ROW WHEN (OLD.ismail_id IS DISTINCT FROM NEW.ismail_id) EXECUTE FUNCTION accounts_ismail_id_copies();

CREATE FUNCTION real_estate_listings_owner_copies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE real_estate_visits SET partner_id = NEW.owner_id
   WHERE listing_id = NEW.id AND partner_id IS DISTINCT FROM NEW.owner_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER real_estate_listings_owner_copies AFTER UPDATE OF owner_id ON real_estate_listings
  FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id) EXECUTE FUNCTION real_estate_listings_owner_copies();
