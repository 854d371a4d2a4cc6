-- The certification a hub prints (issue 21.5): the `hub_invoice_clearances` shape of 0023 also
-- carries the authority's QR data, so the counter's ticket and its reprints show the QR with
-- the reference and the certified time. The trigger logs a change of qr_data too (a person
-- resolving an uncertain certification may set it apart from the status).
CREATE OR REPLACE FUNCTION invoices_hub_clearance_shape_log() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  hub uuid;
BEGIN
  -- Only what the hub holds is news to it (a lease taken or an attempt counted is not).
  IF TG_OP = 'UPDATE' AND OLD.status = 'issued'
     AND (OLD.clearance_status, OLD.authority, OLD.authority_reference, OLD.certified_at, OLD.qr_data)
         IS NOT DISTINCT FROM (NEW.clearance_status, NEW.authority, NEW.authority_reference, NEW.certified_at, NEW.qr_data) THEN
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
  -- A hub's invoice is inserted issued (hub-documents.ts); one issued by an update is new to the hub too.
  VALUES (NEW.issuer_account_id, hub, 'hub_invoice_clearances', NEW.id::text, CASE WHEN TG_OP = 'INSERT' OR OLD.status <> 'issued' THEN 'insert' ELSE 'update' END,
          jsonb_build_object('id', NEW.id, 'number', NEW.number, 'kind', NEW.kind, 'clearance_status', NEW.clearance_status, 'authority', NEW.authority,
                             'authority_reference', NEW.authority_reference,
                             'certified_at', to_char(NEW.certified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                             'qr_data', NEW.qr_data));
  RETURN NEW;
END;
$$;

-- Invoices certified before this migration reached their hub without the QR, and a hub already
-- past those changes in its log would never hear of it: each is logged once more, as an
-- update carrying it, in the trigger's rows and columns (a fresh snapshot reads it anyway).
INSERT INTO shape_changes (partner_id, hub_id, tbl, row_key, op, value)
SELECT i.issuer_account_id, h.id, 'hub_invoice_clearances', i.id::text, 'update',
       jsonb_build_object('id', i.id, 'number', i.number, 'kind', i.kind, 'clearance_status', i.clearance_status, 'authority', i.authority,
                          'authority_reference', i.authority_reference,
                          'certified_at', to_char(i.certified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                          'qr_data', i.qr_data)
FROM invoices i
JOIN hubs h ON i.created_by = 'hub:' || h.id::text AND h.partner_id = i.issuer_account_id AND h.register = i.register
WHERE i.status = 'issued' AND i.qr_data IS NOT NULL
ORDER BY i.row_seq;
