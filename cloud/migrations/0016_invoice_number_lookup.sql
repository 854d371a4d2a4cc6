-- Tickets printed by hubs are checked by number and hash (GET /v1/invoices/verify): find the
-- number without knowing its issuer.
CREATE INDEX invoices_number ON invoices (number) WHERE number IS NOT NULL;
