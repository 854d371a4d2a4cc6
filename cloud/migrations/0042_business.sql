-- Issue 23, business area: an order's status moves only along its state machine, whatever code writes it
-- (pending -> confirmed | cancelled, confirmed -> shipped | delivered | cancelled, shipped -> delivered). A write
-- from the wrong state is refused by PostgreSQL itself, so two staff racing on one order cannot both move it.
CREATE FUNCTION shop_order_transition_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = OLD.status THEN
    RETURN NEW;
  END IF;
  IF (OLD.status = 'pending' AND NEW.status IN ('confirmed', 'cancelled'))
     OR (OLD.status = 'confirmed' AND NEW.status IN ('shipped', 'delivered', 'cancelled'))
     OR (OLD.status = 'shipped' AND NEW.status = 'delivered') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'shop order % cannot go from % to %', OLD.id, OLD.status, NEW.status
    USING ERRCODE = 'check_violation';
END;
$$;

CREATE TRIGGER shop_orders_transition BEFORE UPDATE OF status ON shop_orders
  FOR EACH ROW EXECUTE FUNCTION shop_order_transition_check();

-- The partner's order list filters by status, newest first.
CREATE INDEX shop_orders_partner_status ON shop_orders (partner_id, status, created_at DESC);
