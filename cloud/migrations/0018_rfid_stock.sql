-- Stock counted by RFID readers at a hub (SPEC 3.10): each scan a reader reports moves the
-- hub's place once (its reference is the reader and the scan id).
ALTER TABLE shop_stock_movements DROP CONSTRAINT shop_stock_movements_reason_check;
ALTER TABLE shop_stock_movements ADD CONSTRAINT shop_stock_movements_reason_check
  CHECK (reason IN ('sale', 'return', 'adjustment', 'transfer', 'count', 'order', 'order_cancelled', 'hub_sale', 'hub_return', 'rfid'));
