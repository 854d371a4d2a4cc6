-- Property visits at the agency's door (issue 25, seed 4.7): a door lock may be tied to a property instead of a hotel
-- room, and opens for the confirmed visitor of that property in the visit's window. The agency's visits are replicated
-- from the cloud's `real_estate_visits` shape (visitor as an ISMAIL ID, window as ISO instants in UTC, state; no
-- message, no names), so the door is decided with the cloud out of reach. A door's decision records the visit it
-- opened for.
ALTER TABLE devices ADD COLUMN property_id TEXT CHECK (property_id IS NULL OR length(property_id) = 36);
ALTER TABLE door_requests ADD COLUMN visit_id TEXT;

CREATE TABLE real_estate_visits (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  property_id TEXT NOT NULL CHECK (length(property_id) = 36),
  visitor_ismail_id TEXT,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  status TEXT NOT NULL
) STRICT;
CREATE INDEX real_estate_visits_door ON real_estate_visits (property_id, visitor_ismail_id);
