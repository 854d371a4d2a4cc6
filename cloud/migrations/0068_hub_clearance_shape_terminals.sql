-- A hub's invoices reach its clearance feed (0023, 0032) also when one of its paired LAN
-- terminals numbered them (issue 28: register '<hub register>-T<n>', hub-documents.ts), and
-- a drained backlog logs them in one statement per run instead of one trigger call per invoice:
-- the per-row INSERT trigger was the largest cost of a set-based drain of cash sales (about a
-- fifth of the time per sale). Inserts are logged by a statement trigger over the inserted
-- rows; an update (a clearance answer, a person's resolution) stays a row trigger.

-- The register is the hub's own or one of its terminals'.
CREATE FUNCTION hub_owns_register(hub_register text, invoice_register text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT invoice_register = hub_register
      OR (left(invoice_register, length(hub_register) + 2) = hub_register || '-T'
          AND substr(invoice_register, length(hub_register) + 3) ~ '^[1-9][0-9]?$')
$$;

-- The hub a hub-recorded invoice row is for, or null (an odd created_by never fails the invoice's write).
CREATE FUNCTION invoice_hub_id(created_by text) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN created_by ~ '^hub:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              THEN substr(created_by, 5)::uuid END
$$;

CREATE FUNCTION invoices_hub_clearance_shape_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO shape_changes (partner_id, hub_id, tbl, row_key, op, value)
  SELECT n.issuer_account_id, h.id, 'hub_invoice_clearances', n.id::text, 'insert',
         jsonb_build_object('id', n.id, 'number', n.number, 'kind', n.kind, 'clearance_status', n.clearance_status, 'authority', n.authority,
                            'authority_reference', n.authority_reference,
                            'certified_at', to_char(n.certified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                            'qr_data', n.qr_data)
  FROM inserted_invoices n
  JOIN hubs h ON h.id = invoice_hub_id(n.created_by) AND h.partner_id = n.issuer_account_id AND hub_owns_register(h.register, n.register)
  WHERE n.status = 'issued'
  ORDER BY n.row_seq;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION invoices_hub_clearance_shape_log() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  hub uuid;
BEGIN
  -- Only what the hub holds is news to it (a lease taken or an attempt counted is not).
  IF OLD.status = 'issued'
     AND (OLD.clearance_status, OLD.authority, OLD.authority_reference, OLD.certified_at, OLD.qr_data)
         IS NOT DISTINCT FROM (NEW.clearance_status, NEW.authority, NEW.authority_reference, NEW.certified_at, NEW.qr_data) THEN
    RETURN NEW;
  END IF;
  SELECT h.id INTO hub FROM hubs h
   WHERE h.id = invoice_hub_id(NEW.created_by) AND h.partner_id = NEW.issuer_account_id AND hub_owns_register(h.register, NEW.register);
  IF hub IS NULL THEN
    RETURN NEW;
  END IF;
  INSERT INTO shape_changes (partner_id, hub_id, tbl, row_key, op, value)
  -- Issued by an update: new to the hub, so an insert.
  VALUES (NEW.issuer_account_id, hub, 'hub_invoice_clearances', NEW.id::text, CASE WHEN OLD.status <> 'issued' THEN 'insert' ELSE 'update' END,
          jsonb_build_object('id', NEW.id, 'number', NEW.number, 'kind', NEW.kind, 'clearance_status', NEW.clearance_status, 'authority', NEW.authority,
                             'authority_reference', NEW.authority_reference,
                             'certified_at', to_char(NEW.certified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                             'qr_data', NEW.qr_data));
  RETURN NEW;
END;
$$;

DROP TRIGGER invoices_hub_clearance_shape ON invoices;
CREATE TRIGGER invoices_hub_clearance_shape AFTER UPDATE ON invoices FOR EACH ROW
  WHEN (NEW.status = 'issued' AND NEW.created_by LIKE 'hub:%') EXECUTE FUNCTION invoices_hub_clearance_shape_log();
CREATE TRIGGER invoices_hub_clearance_shape_inserted AFTER INSERT ON invoices
  REFERENCING NEW TABLE AS inserted_invoices FOR EACH STATEMENT EXECUTE FUNCTION invoices_hub_clearance_shape_inserted();

-- A hub's snapshot of its invoices (shape-feed.ts) reads by the hub that recorded them, whatever the register.
CREATE INDEX invoices_hub_recorded ON invoices (created_by, row_seq) WHERE status = 'issued';
