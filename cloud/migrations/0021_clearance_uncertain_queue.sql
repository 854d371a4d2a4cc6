-- Uncertain clearance outcomes (issue 18): what may follow one, and the queue of those a
-- person must resolve. The real FNE has no lookup and e-MECeF says only "finalised", so an
-- answer that may hide a certification (a 500, a timeout) cannot be reconciled
-- automatically: the invoice is parked until an admin checks the authority's portal, and
-- is never resent on its own (resending blindly could certify it twice).

-- 'resend': certainly not certified (never sent, or found absent by a person): safe to send.
-- 'recover': may be certified; the connector can look it up before sending again.
-- 'person': may be certified and only a person can tell: parked (clearance_parked_at).
-- NULL on rows written before this migration reads as 'recover' (the cautious choice).
ALTER TABLE invoices
  ADD COLUMN clearance_uncertain_next text CHECK (clearance_uncertain_next IN ('resend', 'recover', 'person')),
  ADD COLUMN clearance_parked_at timestamptz,
  ADD CONSTRAINT invoices_uncertain_next_only_when_uncertain CHECK (clearance_uncertain_next IS NULL OR clearance_status = 'uncertain'),
  ADD CONSTRAINT invoices_parked_means_person CHECK ((clearance_parked_at IS NOT NULL) = (clearance_uncertain_next IS NOT DISTINCT FROM 'person'));

-- The admin queue, oldest first.
CREATE INDEX invoices_clearance_parked ON invoices (clearance_parked_at) WHERE clearance_parked_at IS NOT NULL;
