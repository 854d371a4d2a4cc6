-- Automatic invoices (SPEC 3.7): credit purchases and commission payouts become invoices,
-- read from the ledger after the fact, once per ledger operation.

-- The operator (ISMAIL itself) is the seller of credits: its invoices need an issuer row.
-- It cannot sign in: its password hash is not a hash, and it is closed for every other use.
INSERT INTO accounts (id, profile, display_name, email, password_hash, country, status)
VALUES ('00000000-0000-4000-8000-000000000000', 'partner', 'ISMAIL (opérateur)', 'operator@ismail.invalid', '!', 'CI', 'closed')
ON CONFLICT (id) DO NOTHING;

-- A beneficiary's tax identity, for the self-billed invoice of a commission payout. Unset
-- means the invoice is held for manual correction rather than issued without it.
ALTER TABLE accounts
  ADD COLUMN tax_id text CHECK (char_length(tax_id) BETWEEN 1 AND 30),
  ADD COLUMN tax_regime text CHECK (char_length(tax_regime) BETWEEN 1 AND 20);

-- How far each automatic-invoice feed has read (ledger batch id).
CREATE TABLE invoice_feed_cursors (
  feed text PRIMARY KEY CHECK (char_length(feed) <= 40),
  position bigint NOT NULL DEFAULT 0
);

-- The ISMAIL account a document concerns (the buyer of credits, the beneficiary of a
-- self-billed payout): it is told when the document is issued and when it is certified.
ALTER TABLE invoices ADD COLUMN recipient_account_id uuid REFERENCES accounts (id);
CREATE INDEX invoices_recipient ON invoices (recipient_account_id) WHERE recipient_account_id IS NOT NULL;

-- The recipient is part of the issued document's facts: frozen at issue like the rest.
CREATE OR REPLACE FUNCTION invoices_issued_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'issued' THEN RAISE EXCEPTION 'invoice % is issued: it cannot be deleted', OLD.number; END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'issued' AND (
       NEW.status IS DISTINCT FROM OLD.status OR NEW.document IS DISTINCT FROM OLD.document OR NEW.totals IS DISTINCT FROM OLD.totals
    OR NEW.number IS DISTINCT FROM OLD.number OR NEW.sequence IS DISTINCT FROM OLD.sequence OR NEW.series IS DISTINCT FROM OLD.series
    OR NEW.issued_at IS DISTINCT FROM OLD.issued_at OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
    OR NEW.issuer_account_id IS DISTINCT FROM OLD.issuer_account_id OR NEW.kind IS DISTINCT FROM OLD.kind
    OR NEW.original_invoice_id IS DISTINCT FROM OLD.original_invoice_id OR NEW.register IS DISTINCT FROM OLD.register
    OR NEW.recipient_account_id IS DISTINCT FROM OLD.recipient_account_id OR NEW.source IS DISTINCT FROM OLD.source
    OR NEW.source_ref IS DISTINCT FROM OLD.source_ref) THEN
    RAISE EXCEPTION 'invoice % is issued: correct it with a credit note', OLD.number;
  END IF;
  RETURN NEW;
END;
$$;
