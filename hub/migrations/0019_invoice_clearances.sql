-- The tax authority's answer on this hub's own invoices, as last synced down from the cloud's
-- `hub_invoice_clearances` shape (issue 19.7): the counter shows "certified" with the
-- authority's reference instead of "certification after sync" forever. Kept apart from
-- hub_invoices, which never change once issued; joined to them by number. No amounts.
CREATE TABLE invoice_clearances (
  -- The cloud's id for the invoice (the shape's key), not the hub's.
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  number TEXT NOT NULL UNIQUE CHECK (length(number) <= 80),
  kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  clearance_status TEXT NOT NULL CHECK (clearance_status IN ('not_submitted', 'pending', 'uncertain', 'certified', 'rejected', 'not_required')),
  authority TEXT CHECK (authority IS NULL OR length(authority) <= 20),
  authority_reference TEXT CHECK (authority_reference IS NULL OR length(authority_reference) <= 200),
  certified_at TEXT CHECK (certified_at IS NULL OR length(certified_at) <= 40)
) STRICT;
