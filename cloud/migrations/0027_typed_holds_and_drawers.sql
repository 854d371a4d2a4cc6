-- The money boundary (issue 20.3, 20.4): holds are typed, and cash drawers exist only for
-- registered hubs.
--
-- Typed holds. Each hold (a pending transfer) records what it is for: 'generic' (the wallet
-- API's own holds), 'shop_order' (a checkout), 'booking' (a stay), 'withdrawal' (a sales
-- rep's request), later 'service' and 'rent'. A post or void names the purpose it resolves
-- and the database refuses one that names another: a module's hold is resolved only by
-- that module's flow (which alone writes its purpose), so the generic routes can never
-- capture a buyer's checkout or a booking (no commission, no invoice, the order stuck).
-- A trigger rather than a foreign key: the hot table carries no RI triggers (0004), and
-- this one fires only for the rare resolving row (WHEN pending_id IS NOT NULL).
ALTER TABLE ledger_transfers
  ADD COLUMN hold_purpose text CHECK (hold_purpose IN ('generic', 'shop_order', 'booking', 'withdrawal', 'service', 'rent'));

-- Holds and resolutions written before this migration get the purpose their module gives
-- them; the immutability trigger is lifted for this one backfill, inside this transaction.
ALTER TABLE ledger_transfers DISABLE TRIGGER ledger_transfers_immutable;
UPDATE ledger_transfers t SET hold_purpose = CASE
    WHEN EXISTS (SELECT 1 FROM shop_orders o WHERE o.hold_id = t.id) THEN 'shop_order'
    WHEN EXISTS (SELECT 1 FROM booking_reservations r WHERE r.hold_id = t.id) THEN 'booking'
    WHEN t.leg = 'withdrawal' THEN 'withdrawal'
    ELSE 'generic'
  END
  WHERE t.phase = 'pending';
UPDATE ledger_transfers r SET hold_purpose = p.hold_purpose FROM ledger_transfers p WHERE r.pending_id = p.id;
ALTER TABLE ledger_transfers ENABLE TRIGGER ledger_transfers_immutable;

ALTER TABLE ledger_transfers
  ADD CONSTRAINT ledger_transfers_hold_purpose CHECK ((phase IN ('pending', 'post', 'void')) = (hold_purpose IS NOT NULL));

CREATE FUNCTION ledger_resolution_matches_hold() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  held text;
BEGIN
  -- Rows written earlier by the same INSERT are visible here: a hold made and resolved in one batch is found.
  SELECT hold_purpose INTO held FROM ledger_transfers WHERE id = NEW.pending_id AND phase = 'pending';
  IF held IS NULL THEN
    RAISE EXCEPTION 'transfer % resolves no hold', NEW.id USING ERRCODE = 'check_violation';
  END IF;
  IF held IS DISTINCT FROM NEW.hold_purpose THEN
    RAISE EXCEPTION 'transfer % resolves a % hold as %', NEW.id, held, NEW.hold_purpose USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER ledger_transfers_resolution_purpose BEFORE INSERT ON ledger_transfers
  FOR EACH ROW WHEN (NEW.pending_id IS NOT NULL) EXECUTE FUNCTION ledger_resolution_matches_hold();

-- Cash drawers. "cash_drawer:<hub id>" is created only for a hub registered in `hubs` and
-- active when its first cash arrives; no other account may take that name. Drawers made
-- before this migration (some under made-up ids) stay, as history; none can be added.
CREATE FUNCTION ledger_drawer_of_registered_hub() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  suffix text := substr(NEW.code, 13);
BEGIN
  IF (NEW.kind = 'cash_drawer') IS DISTINCT FROM (left(NEW.code, 12) = 'cash_drawer:') THEN
    RAISE EXCEPTION 'ledger account %: only a cash drawer is named cash_drawer:<hub id>', NEW.code USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.kind = 'cash_drawer' AND NOT (
    suffix ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    AND EXISTS (SELECT 1 FROM hubs h WHERE h.id = suffix::uuid AND h.status = 'active')
  ) THEN
    RAISE EXCEPTION 'ledger account %: a cash drawer belongs to a registered hub that is active', NEW.code USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER ledger_accounts_drawer_of_hub BEFORE INSERT ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION ledger_drawer_of_registered_hub();
