-- Invoices (SPEC 3.7): drafts, validation holds, issued documents that never change, credit
-- notes, gapless numbering per series, and the tax authority's answer.

-- One counter per series: issuer, register (the cloud or a hub counter), year and document
-- kind. The issuing transaction locks its row and takes the next number; a rolled-back issue
-- rolls its number back too, so a series has no gap and no duplicate.
CREATE TABLE invoice_series (
  series text PRIMARY KEY CHECK (char_length(series) <= 200),
  issuer_account_id uuid NOT NULL REFERENCES accounts (id),
  register text NOT NULL CHECK (register ~ '^[A-Za-z0-9_.-]{1,40}$'),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
  kind text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  last_number bigint NOT NULL DEFAULT 0 CHECK (last_number >= 0)
);

CREATE TABLE invoices (
  id uuid PRIMARY KEY,
  issuer_account_id uuid NOT NULL REFERENCES accounts (id),
  register text NOT NULL CHECK (register ~ '^[A-Za-z0-9_.-]{1,40}$'),
  kind text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  status text NOT NULL CHECK (status IN ('draft', 'held', 'issued')),
  -- The document as entered (InvoiceDraft); frozen at issue.
  document jsonb NOT NULL,
  totals jsonb,
  problems jsonb,
  series text REFERENCES invoice_series (series),
  sequence bigint,
  number text CHECK (char_length(number) <= 80),
  issued_at timestamptz,
  -- SHA-256 of the canonical issued document, number and totals: what the archive pins.
  content_hash text CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  original_invoice_id uuid REFERENCES invoices (id),
  -- Where the document came from: 'manual', 'credit_purchase', 'commission_payout', ...
  source text NOT NULL DEFAULT 'manual' CHECK (char_length(source) <= 40),
  source_ref text CHECK (char_length(source_ref) <= 200),
  created_by text NOT NULL CHECK (char_length(created_by) <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The tax authority's answer (only these columns change after issue).
  clearance_status text NOT NULL DEFAULT 'not_submitted' CHECK (clearance_status IN ('not_submitted', 'pending', 'certified', 'rejected', 'uncertain', 'not_required')),
  authority text CHECK (authority IN ('fne', 'emecef')),
  authority_reference text CHECK (char_length(authority_reference) <= 200),
  qr_data text CHECK (char_length(qr_data) <= 2000),
  certified_at timestamptz,
  clearance_detail text CHECK (char_length(clearance_detail) <= 500),
  -- The authority's full answer (FNE item ids a credit note needs; e-MECeF counters).
  clearance_raw jsonb,
  clearance_attempts integer NOT NULL DEFAULT 0,
  clearance_next_at timestamptz NOT NULL DEFAULT now(),
  -- A worker holding an invoice (several cloud processes never send the same one at once).
  clearance_lease_until timestamptz,
  CHECK ((status = 'issued') = (number IS NOT NULL)),
  CHECK (status <> 'issued' OR (content_hash IS NOT NULL AND issued_at IS NOT NULL AND totals IS NOT NULL)),
  CHECK ((kind = 'credit_note') = (original_invoice_id IS NOT NULL)),
  CONSTRAINT invoices_series_sequence UNIQUE (series, sequence),
  CONSTRAINT invoices_number_per_issuer UNIQUE (issuer_account_id, number),
  -- An automatic invoice is made once per source event.
  CONSTRAINT invoices_source_once UNIQUE (source, source_ref)
);
CREATE INDEX invoices_issuer ON invoices (issuer_account_id, created_at DESC);
CREATE INDEX invoices_original ON invoices (original_invoice_id);
CREATE INDEX invoices_clearance ON invoices (clearance_next_at) WHERE status = 'issued' AND clearance_status IN ('not_submitted', 'pending', 'uncertain');

-- An issued document is never edited (SPEC 3.7): only the clearance columns may change, and
-- nothing issued is ever deleted. Corrections are credit notes.
CREATE FUNCTION invoices_issued_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
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
    OR NEW.original_invoice_id IS DISTINCT FROM OLD.original_invoice_id OR NEW.register IS DISTINCT FROM OLD.register) THEN
    RAISE EXCEPTION 'invoice % is issued: correct it with a credit note', OLD.number;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER invoices_final BEFORE UPDATE OR DELETE ON invoices FOR EACH ROW EXECUTE FUNCTION invoices_issued_are_final();
