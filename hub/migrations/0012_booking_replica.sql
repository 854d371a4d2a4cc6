-- The establishment's bookable units and their reservations as last synced down from the
-- cloud (SPEC 3.8): who stays in which room and when, known at the counter offline (and, for
-- the IoT issue, to a door lock asking the hub). Guests are ISMAIL IDs; no amounts.
CREATE TABLE booking_units (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  kind TEXT NOT NULL,
  type_name TEXT NOT NULL,
  name TEXT NOT NULL,
  place TEXT NOT NULL,
  capacity INTEGER NOT NULL,
  base_price_xof INTEGER NOT NULL,
  tax_group TEXT NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE booking_reservations (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  unit_id TEXT NOT NULL,
  guest_ismail_id TEXT,
  check_in TEXT NOT NULL CHECK (check_in GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  check_out TEXT NOT NULL CHECK (check_out GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  guests INTEGER NOT NULL,
  status TEXT NOT NULL
) STRICT;
CREATE INDEX booking_reservations_stay ON booking_reservations (unit_id, check_in, check_out);
