-- Commerce modules (SPEC 3.13): the Shop (catalog, stock, orders, reviews) and Booking
-- (bookable units, rates per date, nights held or sold, cancellation rules).

-- ---------------------------------------------------------------------------- Shop
CREATE TABLE shop_products (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES accounts (id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 4000),
  category text NOT NULL CHECK (category ~ '^[a-z0-9_-]{1,40}$'),
  kind text NOT NULL CHECK (kind IN ('physical', 'digital')),
  barcode text CHECK (barcode ~ '^[0-9A-Za-z-]{1,64}$'),
  price_xof integer NOT NULL CHECK (price_xof BETWEEN 1 AND 100000000),
  tax_group text NOT NULL CHECK (char_length(tax_group) <= 20),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shop_products_partner ON shop_products (partner_id, name, id);
CREATE INDEX shop_products_category ON shop_products (category, price_xof, id) WHERE active;
CREATE UNIQUE INDEX shop_products_barcode ON shop_products (partner_id, barcode) WHERE barcode IS NOT NULL;

-- Stock per place: 'online' (what the web shop sells) or a hub's counter. An online order
-- takes stock only if it is there; a hub's offline sale is a fact and may take it below
-- zero, which flags it for the merchant.
CREATE TABLE shop_stock (
  product_id uuid NOT NULL REFERENCES shop_products (id),
  place text NOT NULL CHECK (place ~ '^[A-Za-z0-9_.:-]{1,70}$'),
  quantity integer NOT NULL,
  low_threshold integer NOT NULL DEFAULT 3 CHECK (low_threshold >= 0),
  PRIMARY KEY (product_id, place)
);

CREATE TABLE shop_stock_movements (
  id bigserial PRIMARY KEY,
  product_id uuid NOT NULL REFERENCES shop_products (id),
  place text NOT NULL,
  delta integer NOT NULL CHECK (delta <> 0),
  reason text NOT NULL CHECK (reason IN ('sale', 'return', 'adjustment', 'transfer', 'count', 'order', 'order_cancelled', 'hub_sale')),
  reference text CHECK (char_length(reference) <= 200),
  quantity_after integer NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  -- A hub's sale is one fact: the same sale synced twice moves stock once.
  CONSTRAINT shop_stock_movements_once UNIQUE (reason, reference, product_id)
);

-- Negative stock from offline hub sales, for the merchant to fix (count, transfer).
CREATE TABLE shop_stock_flags (
  id bigserial PRIMARY KEY,
  product_id uuid NOT NULL REFERENCES shop_products (id),
  place text NOT NULL,
  quantity integer NOT NULL,
  reason text NOT NULL CHECK (char_length(reason) <= 200),
  at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);

CREATE TABLE shop_orders (
  id uuid PRIMARY KEY,
  buyer_id uuid NOT NULL REFERENCES accounts (id),
  partner_id uuid NOT NULL REFERENCES accounts (id),
  status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'shipped', 'delivered', 'cancelled')),
  total_xof integer NOT NULL CHECK (total_xof > 0),
  total_centi bigint NOT NULL CHECK (total_centi > 0),
  delivery text NOT NULL CHECK (delivery IN ('pickup', 'own_delivery', 'courier')),
  tracking text CHECK (char_length(tracking) <= 200),
  hold_id uuid NOT NULL,
  hold_expires_at timestamptz NOT NULL,
  invoice_id uuid REFERENCES invoices (id),
  credit_note_id uuid REFERENCES invoices (id),
  idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT shop_orders_once UNIQUE (buyer_id, idempotency_key)
);
CREATE INDEX shop_orders_buyer ON shop_orders (buyer_id, created_at DESC);
CREATE INDEX shop_orders_partner ON shop_orders (partner_id, created_at DESC);
CREATE INDEX shop_orders_pending ON shop_orders (hold_expires_at) WHERE status = 'pending';

CREATE TABLE shop_order_items (
  order_id uuid NOT NULL REFERENCES shop_orders (id),
  position integer NOT NULL,
  product_id uuid NOT NULL REFERENCES shop_products (id),
  label text NOT NULL,
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
  unit_price_xof integer NOT NULL CHECK (unit_price_xof > 0),
  tax_group text NOT NULL,
  PRIMARY KEY (order_id, position)
);
CREATE INDEX shop_order_items_product ON shop_order_items (product_id);

CREATE TABLE shop_order_events (
  id bigserial PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES shop_orders (id),
  status text NOT NULL,
  actor text NOT NULL CHECK (char_length(actor) <= 100),
  note text CHECK (char_length(note) <= 500),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shop_order_events_order ON shop_order_events (order_id, id);

-- Reviews by buyers of the product only (checked against delivered or confirmed orders).
CREATE TABLE shop_reviews (
  id uuid PRIMARY KEY,
  product_id uuid NOT NULL REFERENCES shop_products (id),
  author_id uuid NOT NULL REFERENCES accounts (id),
  rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment text NOT NULL DEFAULT '' CHECK (char_length(comment) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT shop_reviews_once UNIQUE (product_id, author_id)
);

-- ---------------------------------------------------------------------------- Booking
CREATE TABLE booking_units (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES accounts (id),
  kind text NOT NULL CHECK (kind IN ('room', 'event_seat', 'transport_seat')),
  type_name text NOT NULL CHECK (char_length(type_name) BETWEEN 1 AND 100),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  place text NOT NULL CHECK (char_length(place) BETWEEN 1 AND 100),
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 50),
  base_price_xof integer NOT NULL CHECK (base_price_xof BETWEEN 1 AND 100000000),
  tax_group text NOT NULL CHECK (char_length(tax_group) <= 20),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT booking_units_name UNIQUE (partner_id, name)
);
CREATE INDEX booking_units_search ON booking_units (place, kind, base_price_xof) WHERE active;

CREATE TABLE booking_rates (
  unit_id uuid NOT NULL REFERENCES booking_units (id),
  night date NOT NULL,
  price_xof integer NOT NULL CHECK (price_xof BETWEEN 1 AND 100000000),
  PRIMARY KEY (unit_id, night)
);

CREATE TABLE booking_policies (
  partner_id uuid PRIMARY KEY REFERENCES accounts (id),
  cancellation jsonb NOT NULL,
  hold_minutes integer NOT NULL DEFAULT 15 CHECK (hold_minutes BETWEEN 1 AND 1440)
);

CREATE TABLE booking_reservations (
  id uuid PRIMARY KEY,
  client_id uuid NOT NULL REFERENCES accounts (id),
  partner_id uuid NOT NULL REFERENCES accounts (id),
  unit_id uuid NOT NULL REFERENCES booking_units (id),
  check_in date NOT NULL,
  check_out date NOT NULL CHECK (check_out > check_in),
  guests integer NOT NULL CHECK (guests BETWEEN 1 AND 50),
  status text NOT NULL CHECK (status IN ('held', 'confirmed', 'cancelled', 'expired')),
  amount_xof integer NOT NULL CHECK (amount_xof > 0),
  amount_centi bigint NOT NULL CHECK (amount_centi > 0),
  hold_id uuid NOT NULL,
  hold_expires_at timestamptz NOT NULL,
  -- The rules in force when booked: a later change of policy never changes this booking.
  cancellation jsonb NOT NULL,
  invoice_id uuid REFERENCES invoices (id),
  credit_note_id uuid REFERENCES invoices (id),
  refund_centi bigint,
  reminded_at timestamptz,
  idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 128),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT booking_reservations_once UNIQUE (client_id, idempotency_key)
);
CREATE INDEX booking_reservations_client ON booking_reservations (client_id, created_at DESC);
CREATE INDEX booking_reservations_held ON booking_reservations (hold_expires_at) WHERE status = 'held';

-- One row per unit and night taken by a held or confirmed reservation. The primary key is
-- what makes overbooking impossible: two reservations racing for the last room's night
-- cannot both insert it, whatever the isolation level or the number of cloud processes.
CREATE TABLE booking_nights (
  unit_id uuid NOT NULL REFERENCES booking_units (id),
  night date NOT NULL,
  reservation_id uuid NOT NULL REFERENCES booking_reservations (id),
  PRIMARY KEY (unit_id, night)
);
CREATE INDEX booking_nights_reservation ON booking_nights (reservation_id);
