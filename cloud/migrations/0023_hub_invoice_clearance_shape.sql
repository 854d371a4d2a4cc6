-- The tax authority's answer on a hub's own invoices flows back down its feed (issue 19.7):
-- the counter stops saying "certification after sync" once the cloud certified the invoice.
-- Unlike the partner's catalog and bookings, this shape is one hub's: a partner's two
-- counters each see their own register's invoices, so the log rows carry the hub they are
-- for. Only what a counter shows (number, clearance status, authority and its reference,
-- certified at), no amounts. Logged by a trigger, so the clearance service's updates, a
-- person's resolution of an uncertain one, and anything else that changes those columns
-- reach the hub without each writer remembering to.
ALTER TABLE shape_changes ADD COLUMN hub_id uuid;
ALTER TABLE shape_changes DROP CONSTRAINT shape_changes_tbl_check;
ALTER TABLE shape_changes ADD CONSTRAINT shape_changes_tbl_check CHECK (tbl IN ('shop_products', 'booking_units', 'booking_reservations', 'hub_invoice_clearances'));
-- A hub's shape is read by hub, every other by partner: a row is for exactly one kind of reader.
ALTER TABLE shape_changes ADD CONSTRAINT shape_changes_hub_scoped CHECK ((tbl = 'hub_invoice_clearances') = (hub_id IS NOT NULL));
CREATE INDEX shape_changes_hub ON shape_changes (hub_id, tbl, seq) WHERE hub_id IS NOT NULL;

-- Paged snapshots of a hub's invoices, as for the catalog (hubs/shape-feed.ts).
ALTER TABLE invoices ADD COLUMN row_seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE INDEX invoices_hub_snapshot ON invoices (issuer_account_id, register, row_seq) WHERE status = 'issued';

-- The hub an invoice is for: recorded by that hub (created_by 'hub:<id>', hub-documents.ts),
-- in its partner's name and its register. A cloud invoice, or one whose register is not its
-- hub's, belongs to no hub's shape.
CREATE FUNCTION invoices_hub_clearance_shape_log() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  hub uuid;
BEGIN
  -- Only what the hub holds is news to it (a lease taken or an attempt counted is not).
  IF TG_OP = 'UPDATE' AND OLD.status = 'issued'
     AND (OLD.clearance_status, OLD.authority, OLD.authority_reference, OLD.certified_at) IS NOT DISTINCT FROM (NEW.clearance_status, NEW.authority, NEW.authority_reference, NEW.certified_at) THEN
    RETURN NEW;
  END IF;
  -- The shape checked before the cast, so an odd created_by never fails the invoice's write.
  IF NEW.created_by !~ '^hub:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
    RETURN NEW;
  END IF;
  SELECT h.id INTO hub FROM hubs h WHERE h.id = substr(NEW.created_by, 5)::uuid AND h.partner_id = NEW.issuer_account_id AND h.register = NEW.register;
  IF hub IS NULL THEN
    RETURN NEW;
  END IF;
  INSERT INTO shape_changes (partner_id, hub_id, tbl, row_key, op, value)
  -- Issued by the update that numbered it: new to the hub, so an insert.
  VALUES (NEW.issuer_account_id, hub, 'hub_invoice_clearances', NEW.id::text, CASE WHEN TG_OP = 'INSERT' OR OLD.status <> 'issued' THEN 'insert' ELSE 'update' END,
          jsonb_build_object('id', NEW.id, 'number', NEW.number, 'kind', NEW.kind, 'clearance_status', NEW.clearance_status, 'authority', NEW.authority,
                             'authority_reference', NEW.authority_reference,
                             'certified_at', to_char(NEW.certified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
  RETURN NEW;
END;
$$;
-- Issued documents only (a hub's invoice is a draft for an instant inside its recording
-- transaction), and only those a hub recorded.
CREATE TRIGGER invoices_hub_clearance_shape AFTER INSERT OR UPDATE ON invoices FOR EACH ROW
  WHEN (NEW.status = 'issued' AND NEW.created_by LIKE 'hub:%') EXECUTE FUNCTION invoices_hub_clearance_shape_log();
